/** The udp lab. Not built yet: see the project's open issues. */
package dev.netlab.udp;
