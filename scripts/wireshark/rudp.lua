-- Wireshark dissector for netlab RUDP, the lab's own protocol over UDP (docs/rudp.md).
--
--   wireshark -X lua_script:scripts/wireshark/rudp.lua capture.pcapng
--   tshark -X lua_script:scripts/wireshark/rudp.lua -r capture.pcapng -Y nlrudp
--
-- Found on any UDP port by its header (a heuristic: version 1, a known type, at most 8 SACK
-- blocks, length fields that add up to the datagram's length), and registered on 10200/udp (the
-- lab default) and in Decode As. The name is "nlrudp" because Wireshark already has a "rudp"
-- (another protocol). Offsets follow RudpCodec.java; fields are big-endian.
-- Display filters: nlrudp.type == 3 (DATA), nlrudp.nsack > 0, nlrudp.retransmission,
-- nlrudp.checksum.status == 0 (bad CRC32C), nlrudp.finack.sha256

local rudp = Proto("nlrudp", "netlab RUDP")

local HEADER_LENGTH = 28
local SACK_BLOCK_LENGTH = 8
local MAX_SACK_BLOCKS = 8
local VERSION = 1
local CRC_OFFSET = 24
local SYN, DATA, FIN_ACK = 1, 3, 6
local FLAG_RETRANSMISSION = 1 -- RudpCodec.FLAG_RETRANSMISSION: DATA sent again
local SYN_PAYLOAD_LENGTH = 14 -- SynPayload.java
local FIN_ACK_PAYLOAD_LENGTH = 8 * 6 + 32 -- FinAck.java

local types = {[1] = "SYN", [2] = "SYN-ACK", [3] = "DATA", [4] = "ACK", [5] = "FIN",
               [6] = "FIN-ACK", [7] = "RST"}
local modes = {[0] = "sequenced", [1] = "reliable", [2] = "gbn"}
-- the values Wireshark's own dissectors give their checksum.status fields
local CHECKSUM_BAD, CHECKSUM_GOOD, CHECKSUM_UNVERIFIED = 0, 1, 2
local checksum_statuses = {[0] = "Bad", [1] = "Good", [2] = "Unverified"}

local f = rudp.fields
f.version = ProtoField.uint8("nlrudp.version", "Version", base.DEC)
f.type = ProtoField.uint8("nlrudp.type", "Type", base.DEC, types)
f.flags = ProtoField.uint8("nlrudp.flags", "Flags", base.DEC)
-- DATA: set by the sender on every copy after the first
f.flag_retransmission = ProtoField.bool("nlrudp.flags.retransmission", "Sent again (sender's flag)", 8, nil, 0x01)
f.mode = ProtoField.uint8("nlrudp.mode", "Mode", base.DEC, modes)
f.nsack = ProtoField.uint8("nlrudp.nsack", "SACK blocks", base.DEC)
f.connection_id = ProtoField.uint64("nlrudp.connection_id", "Connection id", base.HEX)
f.seq = ProtoField.uint32("nlrudp.seq", "Sequence number", base.DEC)
f.ack = ProtoField.uint32("nlrudp.ack", "Acknowledgment (next expected)", base.DEC)
f.window = ProtoField.uint16("nlrudp.window", "Window (datagrams)", base.DEC)
f.length = ProtoField.uint16("nlrudp.length", "Payload length", base.DEC)
f.crc32c = ProtoField.uint32("nlrudp.crc32c", "CRC32C", base.HEX)
f.crc_calculated = ProtoField.uint32("nlrudp.checksum.calculated", "Calculated CRC32C", base.HEX)
f.crc_status = ProtoField.uint8("nlrudp.checksum.status", "CRC32C status", base.DEC,
                                checksum_statuses)
f.sack_start = ProtoField.uint32("nlrudp.sack.start", "SACK start", base.DEC)
f.sack_end = ProtoField.uint32("nlrudp.sack.end", "SACK end (exclusive)", base.DEC)
f.payload = ProtoField.bytes("nlrudp.payload", "Payload")
f.retransmission = ProtoField.bool("nlrudp.retransmission", "Retransmission")
f.original = ProtoField.framenum("nlrudp.retransmission.original", "First sent in frame")
f.syn_bytes = ProtoField.uint64("nlrudp.syn.bytes", "Transfer size (bytes)", base.DEC)
f.syn_payload_size = ProtoField.uint16("nlrudp.syn.payload_size", "Payload size (bytes)",
                                       base.DEC)
f.syn_datagrams = ProtoField.uint32("nlrudp.syn.datagrams", "DATA datagrams", base.DEC)
f.fin_bytes = ProtoField.uint64("nlrudp.finack.bytes", "Delivered bytes", base.DEC)
f.fin_datagrams = ProtoField.uint64("nlrudp.finack.datagrams", "Delivered datagrams", base.DEC)
f.fin_lost = ProtoField.uint64("nlrudp.finack.lost", "Skipped as lost", base.DEC)
f.fin_late = ProtoField.uint64("nlrudp.finack.late", "Dropped as late", base.DEC)
f.fin_duplicates = ProtoField.uint64("nlrudp.finack.duplicates", "Duplicates", base.DEC)
f.fin_reordered = ProtoField.uint64("nlrudp.finack.reordered", "Reordered", base.DEC)
f.fin_sha256 = ProtoField.bytes("nlrudp.finack.sha256", "SHA-256 of the delivered bytes")

local e_length = ProtoExpert.new("nlrudp.bad_length", "Length fields do not match the datagram",
                                 expert.group.MALFORMED, expert.severity.ERROR)
local e_header = ProtoExpert.new("nlrudp.bad_header", "Not a netlab RUDP v1 header",
                                 expert.group.MALFORMED, expert.severity.ERROR)
local e_checksum = ProtoExpert.new("nlrudp.checksum.bad", "Bad CRC32C",
                                   expert.group.CHECKSUM, expert.severity.ERROR)
local e_retransmission = ProtoExpert.new("nlrudp.retransmission.expert",
                                         "Retransmission: this DATA seq was sent before",
                                         expert.group.SEQUENCE, expert.severity.NOTE)
local e_truncated = ProtoExpert.new("nlrudp.truncated",
                                    "Datagram cut short by the capture's snap length",
                                    expert.group.UNDECODED, expert.severity.CHAT)
rudp.experts = {e_length, e_header, e_checksum, e_retransmission, e_truncated}

rudp.prefs.verify_crc = Pref.bool("Verify CRC32C", true,
    "Compute each datagram's CRC32C (when the capture holds all of it) and flag bad ones")

-- CRC32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven. Lua 5.2 (Wireshark up
-- to 4.2) has bit32; Lua 5.3+ has integer operators, which 5.2 cannot even parse.
local bxor, band, rshift
if bit32 then
  bxor, band, rshift = bit32.bxor, bit32.band, bit32.rshift
else
  bxor, band, rshift = load("return function(a, b) return a ~ b end, " ..
      "function(a, b) return a & b end, function(a, n) return (a & 0xFFFFFFFF) >> n end")()
end

local crc_table = {}
for i = 0, 255 do
  local c = i
  for _ = 1, 8 do
    if band(c, 1) == 1 then
      c = bxor(rshift(c, 1), 0x82F63B78)
    else
      c = rshift(c, 1)
    end
  end
  crc_table[i] = c
end

local function crc32c(s)
  local c = 0xFFFFFFFF
  for i = 1, #s do
    c = bxor(crc_table[band(bxor(c, s:byte(i)), 0xFF)], rshift(c, 8))
  end
  return band(bxor(c, 0xFFFFFFFF), 0xFFFFFFFF)
end

-- What the first pass learnt, by frame number: retransmissions need the frames before them, and
-- Wireshark dissects a frame again, in any order, whenever it is shown.
local first_sent   -- [connection id .. direction][seq] = frame that first carried it
local original_of  -- [frame] = frame that first carried its seq
local crc_of       -- [frame] = {status, calculated}

local function forget()
  first_sent, original_of, crc_of = {}, {}, {}
end
forget()
rudp.init = forget -- a new capture file

-- Whether buf starts with a RUDP header that accounts for every byte of the datagram. Judged by
-- the reported length, so that a capture with a snap length still matches.
local function looks_like_rudp(buf)
  if buf:len() < HEADER_LENGTH then return false end
  local ptype = buf(1, 1):uint()
  local flags = buf(2, 1):uint()
  local nsack = buf(3, 1):uint()
  return buf(0, 1):uint() == VERSION
      and types[ptype] ~= nil
      and (flags == 0 or ptype == SYN and modes[flags] ~= nil
           or ptype == DATA and flags == FLAG_RETRANSMISSION)
      and nsack <= MAX_SACK_BLOCKS
      and HEADER_LENGTH + nsack * SACK_BLOCK_LENGTH + buf(22, 2):uint() == buf:reported_len()
end

local function checksum(buf, pinfo)
  local known = crc_of[pinfo.number]
  if known then return known[1], known[2] end
  if not rudp.prefs.verify_crc or buf:len() < buf:reported_len() then
    return CHECKSUM_UNVERIFIED, nil
  end
  local n = buf:len()
  local calculated = crc32c(buf:raw(0, CRC_OFFSET) .. "\0\0\0\0" ..
                            (n > CRC_OFFSET + 4 and buf:raw(CRC_OFFSET + 4) or ""))
  local status = calculated == buf(CRC_OFFSET, 4):uint() and CHECKSUM_GOOD or CHECKSUM_BAD
  crc_of[pinfo.number] = {status, calculated}
  return status, calculated
end

-- The frame that first carried this DATA seq from the same source to the same destination in
-- the same connection, or nil. Both legs through a relay are separate directions.
local function retransmission_of(buf, pinfo)
  if not pinfo.visited then
    local key = buf(4, 8):uint64():tohex() .. " " .. tostring(pinfo.src) .. ":" ..
        pinfo.src_port .. ">" .. tostring(pinfo.dst) .. ":" .. pinfo.dst_port
    local seen = first_sent[key]
    if not seen then
      seen = {}
      first_sent[key] = seen
    end
    local seq = buf(12, 4):uint()
    if seen[seq] then
      original_of[pinfo.number] = seen[seq]
    else
      seen[seq] = pinfo.number
    end
  end
  return original_of[pinfo.number]
end

-- Adds the SYN's or the FIN-ACK's figures from the payload at `at`, as far as it was captured.
local function add_payload_fields(t, buf, ptype, at, len)
  local fields
  if ptype == SYN and len == SYN_PAYLOAD_LENGTH then
    fields = {{f.syn_bytes, 8}, {f.syn_payload_size, 2}, {f.syn_datagrams, 4}}
  elseif ptype == FIN_ACK and len == FIN_ACK_PAYLOAD_LENGTH then
    fields = {{f.fin_bytes, 8}, {f.fin_datagrams, 8}, {f.fin_lost, 8}, {f.fin_late, 8},
              {f.fin_duplicates, 8}, {f.fin_reordered, 8}, {f.fin_sha256, 32}}
  else
    return
  end
  for _, field in ipairs(fields) do
    if at + field[2] > buf:len() then return end
    t:add(field[1], buf(at, field[2]))
    at = at + field[2]
  end
end

local function dissect(buf, pinfo, tree)
  pinfo.cols.protocol = "RUDP"
  local t = tree:add(rudp, buf(), "netlab RUDP")
  local captured, reported = buf:len(), buf:reported_len()
  if captured < HEADER_LENGTH then
    t:add_proto_expert_info(captured < reported and e_truncated or e_length)
    return captured
  end
  local ptype = buf(1, 1):uint()
  local nsack = buf(3, 1):uint()
  local len = buf(22, 2):uint()
  t:add(f.version, buf(0, 1))
  t:add(f.type, buf(1, 1))
  if ptype == SYN then
    t:add(f.mode, buf(2, 1))
  else
    local ft = t:add(f.flags, buf(2, 1))
    if ptype == DATA then ft:add(f.flag_retransmission, buf(2, 1)) end
  end
  t:add(f.nsack, buf(3, 1))
  t:add(f.connection_id, buf(4, 8))
  t:add(f.seq, buf(12, 4))
  t:add(f.ack, buf(16, 4))
  t:add(f.window, buf(20, 2))
  t:add(f.length, buf(22, 2))
  local crc_item = t:add(f.crc32c, buf(CRC_OFFSET, 4))
  local status, calculated = checksum(buf, pinfo)
  if calculated then
    crc_item:add(f.crc_calculated, buf(CRC_OFFSET, 4), calculated):set_generated()
  end
  crc_item:add(f.crc_status, buf(CRC_OFFSET, 4), status):set_generated()
  if status == CHECKSUM_BAD then
    crc_item:add_proto_expert_info(e_checksum, string.format(
        "Bad CRC32C: expected 0x%08x; got 0x%08x", calculated, buf(CRC_OFFSET, 4):uint()))
  end
  if buf(0, 1):uint() ~= VERSION or not types[ptype] or nsack > MAX_SACK_BLOCKS then
    t:add_proto_expert_info(e_header)
  elseif HEADER_LENGTH + nsack * SACK_BLOCK_LENGTH + len ~= reported then
    t:add_proto_expert_info(e_length)
  end
  local original = ptype == DATA and retransmission_of(buf, pinfo)
  if original then
    local r = t:add(f.retransmission, true)
    r:set_generated()
    r:add_proto_expert_info(e_retransmission)
    t:add(f.original, original):set_generated()
  end
  local at = HEADER_LENGTH
  for _ = 1, math.min(nsack, MAX_SACK_BLOCKS) do
    if at + SACK_BLOCK_LENGTH > captured then break end
    local s = t:add(rudp, buf(at, SACK_BLOCK_LENGTH), "SACK block")
    s:add(f.sack_start, buf(at, 4))
    s:add(f.sack_end, buf(at + 4, 4))
    at = at + SACK_BLOCK_LENGTH
  end
  local payload_captured = math.min(len, captured - at)
  if payload_captured > 0 then
    local p = t:add(f.payload, buf(at, payload_captured))
    add_payload_fields(p, buf, ptype, at, len)
  end
  if captured < reported then
    t:add_proto_expert_info(e_truncated, string.format(
        "Captured %d of the datagram's %d bytes (snap length): CRC32C not verified",
        captured, reported))
  end
  pinfo.cols.info = string.format("%s id=%s seq=%d ack=%d win=%d len=%d%s%s%s",
      types[ptype] or ("type " .. ptype), buf(4, 8):uint64():tohex(), buf(12, 4):uint(),
      buf(16, 4):uint(), buf(20, 2):uint(), len,
      nsack > 0 and (" sack=" .. nsack) or "",
      original and " [retransmission]" or "",
      status == CHECKSUM_BAD and " [bad CRC32C]" or "")
  return captured
end

function rudp.dissector(buf, pinfo, tree)
  return dissect(buf, pinfo, tree)
end

local function heuristic(buf, pinfo, tree)
  if not looks_like_rudp(buf) then return false end
  dissect(buf, pinfo, tree)
  return true
end

local udp_port = DissectorTable.get("udp.port")
udp_port:add(10200, rudp)
udp_port:add_for_decode_as(rudp)
rudp:register_heuristic("udp", heuristic)
