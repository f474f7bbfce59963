-- Wireshark dissector for netlab RUDP, the lab's own protocol over UDP (docs/rudp.md).
--
--   wireshark -X lua_script:scripts/wireshark/rudp.lua capture.pcapng
--   tshark -X lua_script:scripts/wireshark/rudp.lua -r capture.pcapng -Y nlrudp
--
-- Registered on 10200/udp (the lab default); for another port use Analyze > Decode As >
-- NLRUDP, or tshark -d udp.port==PORT,nlrudp. The name is "nlrudp" because Wireshark already
-- has a "rudp" (another protocol). Offsets follow RudpCodec.java; fields are big-endian.
-- Display filter examples: nlrudp.type == 3 (DATA), nlrudp.nsack > 0, nlrudp.connection_id

local rudp = Proto("nlrudp", "netlab RUDP")

local HEADER_LENGTH = 28
local SACK_BLOCK_LENGTH = 8

local types = {[1] = "SYN", [2] = "SYN-ACK", [3] = "DATA", [4] = "ACK", [5] = "FIN",
               [6] = "FIN-ACK", [7] = "RST"}
local modes = {[0] = "sequenced", [1] = "reliable", [2] = "gbn"}

local f = rudp.fields
f.version = ProtoField.uint8("nlrudp.version", "Version", base.DEC)
f.type = ProtoField.uint8("nlrudp.type", "Type", base.DEC, types)
f.flags = ProtoField.uint8("nlrudp.flags", "Flags", base.DEC)
f.mode = ProtoField.uint8("nlrudp.mode", "Mode", base.DEC, modes)
f.nsack = ProtoField.uint8("nlrudp.nsack", "SACK blocks", base.DEC)
f.connection_id = ProtoField.uint64("nlrudp.connection_id", "Connection id", base.HEX)
f.seq = ProtoField.uint32("nlrudp.seq", "Sequence number", base.DEC)
f.ack = ProtoField.uint32("nlrudp.ack", "Acknowledgment (next expected)", base.DEC)
f.window = ProtoField.uint16("nlrudp.window", "Window (datagrams)", base.DEC)
f.length = ProtoField.uint16("nlrudp.length", "Payload length", base.DEC)
f.crc32c = ProtoField.uint32("nlrudp.crc32c", "CRC32C", base.HEX)
f.sack_start = ProtoField.uint32("nlrudp.sack.start", "SACK start", base.DEC)
f.sack_end = ProtoField.uint32("nlrudp.sack.end", "SACK end (exclusive)", base.DEC)
f.payload = ProtoField.bytes("nlrudp.payload", "Payload")

local e_length = ProtoExpert.new("nlrudp.bad_length", "Length fields do not match the datagram",
                                 expert.group.MALFORMED, expert.severity.ERROR)
rudp.experts = {e_length}

function rudp.dissector(buf, pinfo, tree)
  if buf:len() < HEADER_LENGTH or buf(0, 1):uint() ~= 1 then
    return 0
  end
  pinfo.cols.protocol = "RUDP"
  local t = tree:add(rudp, buf(), "netlab RUDP")
  local ptype = buf(1, 1):uint()
  local nsack = buf(3, 1):uint()
  local len = buf(22, 2):uint()
  t:add(f.version, buf(0, 1))
  t:add(f.type, buf(1, 1))
  if ptype == 1 then
    t:add(f.mode, buf(2, 1))
  else
    t:add(f.flags, buf(2, 1))
  end
  t:add(f.nsack, buf(3, 1))
  t:add(f.connection_id, buf(4, 8))
  t:add(f.seq, buf(12, 4))
  t:add(f.ack, buf(16, 4))
  t:add(f.window, buf(20, 2))
  t:add(f.length, buf(22, 2))
  t:add(f.crc32c, buf(24, 4))
  local at = HEADER_LENGTH
  if at + nsack * SACK_BLOCK_LENGTH + len ~= buf:len() then
    t:add_proto_expert_info(e_length)
  end
  for _ = 1, nsack do
    if at + SACK_BLOCK_LENGTH > buf:len() then break end
    local s = t:add(rudp, buf(at, SACK_BLOCK_LENGTH), "SACK block")
    s:add(f.sack_start, buf(at, 4))
    s:add(f.sack_end, buf(at + 4, 4))
    at = at + SACK_BLOCK_LENGTH
  end
  if len > 0 and at + len <= buf:len() then
    t:add(f.payload, buf(at, len))
  end
  pinfo.cols.info = string.format("%s id=%s seq=%d ack=%d win=%d len=%d%s",
      types[ptype] or ("type " .. ptype), buf(4, 8):uint64():tohex(), buf(12, 4):uint(),
      buf(16, 4):uint(), buf(20, 2):uint(), len,
      nsack > 0 and (" sack=" .. nsack) or "")
  return buf:len()
end

local udp_port = DissectorTable.get("udp.port")
udp_port:add(10200, rudp)
udp_port:add_for_decode_as(rudp)
