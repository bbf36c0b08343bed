"""The Thrift compact protocol reader the fixture generators share."""


class Compact:
    """Just enough of the Thrift compact protocol to read page headers and skip what we don't need."""

    def __init__(self, data, pos):
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
            if b < 0x80:
                return result
            shift += 7

    def zigzag(self):
        v = self.varint()
        return (v >> 1) ^ -(v & 1)

    def value(self, t):
        if t in (1, 2):
            return t == 1
        if t == 3:
            return self.byte()
        if t in (4, 5, 6):
            return self.zigzag()
        if t == 7:
            self.pos += 8
            return None
        if t == 8:
            n = self.varint()
            s = self.data[self.pos:self.pos + n]
            self.pos += n
            return s
        if t in (9, 10):
            h = self.byte()
            n, et = h >> 4, h & 15
            if n == 15:
                n = self.varint()
            return [self.value(et) if et not in (1, 2) else self.byte() == 1 for _ in range(n)]
        if t == 11:
            n = self.varint()
            if n:
                kv = self.byte()
                return [(self.value(kv >> 4), self.value(kv & 15)) for _ in range(n)]
            return []
        if t == 12:
            return self.struct()
        raise ValueError(f"thrift type {t}")

    def struct(self):
        fields, last = {}, 0
        while True:
            h = self.byte()
            if h == 0:
                return fields
            delta, t = h >> 4, h & 15
            fid = last + delta if delta else self.zigzag()
            last = fid
            fields[fid] = self.value(t)
