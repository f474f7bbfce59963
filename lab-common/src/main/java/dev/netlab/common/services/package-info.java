/**
 * The classic small services that more than one lab serves (echo, RFC 862, over TCP and UDP): the
 * TCP lab's and UDP lab's echo servers and the ports lab's multi-service host use these handlers.
 */
package dev.netlab.common.services;
