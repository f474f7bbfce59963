/** The ports lab: many services on one IP address, told apart by port (see docs/ports.md). */
package dev.netlab.ports;
