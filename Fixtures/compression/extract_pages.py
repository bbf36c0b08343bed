#!/usr/bin/env python3
"""Extracts the compressed page bodies of parquet-testing files into pages/, for the codec tests.

Usage: extract_pages.py PARQUET_TESTING_DATA_DIR OUT FILE...
Writes one line per compressed page to OUT: "<file>.<n>\t<codec>\t<uncompressed size>\t<hex body>\t<hex
expected>", where the expected bytes come from Python's zlib for GZIP pages and are "-" otherwise. Only the
Thrift compact protocol is parsed here, no Parquet library.
"""
import os
import struct
import sys
import zlib

CODECS = {0: "UNCOMPRESSED", 1: "SNAPPY", 2: "GZIP", 3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW"}


class Compact:
    """A minimal Thrift compact-protocol reader: structs come back as {field id: value}."""

    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def varint(self):
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result

    def zigzag(self):
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind):
        if kind in (1, 2):  # bool inside a struct header
            return kind == 1
        if kind in (3,):
            return self.byte()
        if kind in (4, 5, 6):
            return self.zigzag()
        if kind == 7:
            v = struct.unpack_from("<d", self.data, self.pos)[0]
            self.pos += 8
            return v
        if kind == 8:
            n = self.varint()
            v = self.data[self.pos:self.pos + n]
            self.pos += n
            return v
        if kind in (9, 10):
            header = self.byte()
            size, elem = header >> 4, header & 0x0F
            if size == 15:
                size = self.varint()
            if elem in (1, 2):
                return [self.byte() == 1 for _ in range(size)]
            return [self.value(elem) for _ in range(size)]
        if kind == 11:
            size = self.varint()
            kinds = self.byte() if size else 0
            return {self.value(kinds >> 4): self.value(kinds & 0x0F) for _ in range(size)}
        if kind == 12:
            return self.struct()
        raise ValueError(f"unknown compact type {kind}")

    def struct(self):
        fields, last = {}, 0
        while True:
            header = self.byte()
            if header == 0:
                return fields
            delta, kind = header >> 4, header & 0x0F
            fid = last + delta if delta else self.zigzag()
            fields[fid] = self.value(kind)
            last = fid


def gunzip_members(body):
    """Decodes every concatenated gzip member, as zlib does with inflateReset."""
    out = b""
    while body:
        d = zlib.decompressobj(wbits=31)
        out += d.decompress(body)
        body = d.unused_data
    return out


def main():
    data_dir, out_path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(out_path, "w") as manifest:
        for name in names:
            data = open(os.path.join(data_dir, name), "rb").read()
            footer_len = struct.unpack_from("<I", data, len(data) - 8)[0]
            meta = Compact(data, len(data) - 8 - footer_len).struct()
            stem, n = name.removesuffix(".parquet"), 0
            for row_group in meta[4]:
                for chunk in row_group[1]:
                    cm = chunk[3]
                    codec = CODECS[cm[4]]
                    start = cm.get(11) or cm[9]
                    end = start + cm[7]
                    pos = start
                    while pos < end:
                        reader = Compact(data, pos)
                        header = reader.struct()
                        body_start, size = reader.pos, header[3]
                        body = data[body_start:body_start + size]
                        uncompressed = header[2]
                        if 8 in header:  # data page v2: levels are stored uncompressed before the values
                            v2 = header[8]
                            levels = v2.get(5, 0) + v2.get(6, 0)
                            body, uncompressed = body[levels:], uncompressed - levels
                            if v2.get(7, True) is False:
                                codec_here = "UNCOMPRESSED"
                            else:
                                codec_here = codec
                        else:
                            codec_here = codec
                        pos = body_start + size
                        if codec_here == "UNCOMPRESSED":
                            continue
                        expected = gunzip_members(body).hex() if codec_here == "GZIP" else "-"
                        manifest.write(f"{stem}.{n}\t{codec_here}\t{uncompressed}\t{body.hex()}\t{expected}\n")
                        n += 1


main()
