package dev.netlab.common.capture;

import java.util.Map;

/**
 * One protocol layer of a decoded packet, for printing layer by layer (curriculum STK-1/2).
 *
 * @param name the protocol, such as "IPv4"
 * @param layer its place in the four-layer model, such as "internet"
 * @param headerLength bytes this layer adds in front of the data it carries
 * @param fields named header fields in wire order, already formatted
 */
public record Layer(String name, String layer, int headerLength, Map<String, String> fields) {}
