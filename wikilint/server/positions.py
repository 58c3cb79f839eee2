"""Offsets (code points, as the engine counts) <-> LSP positions (line, character in the
negotiated encoding: UTF-16 code units by default, UTF-8 bytes or UTF-32 code points).

Lines end at ``\\n`` (a ``\\r`` before it belongs to the line it ends, and a position past the
line's end is clamped). No pygls here: the server converts its results with this.
"""

from __future__ import annotations

import bisect

__all__ = ["LineIndex", "units"]


def units(s: str, encoding: str) -> int:
    """The length of *s* in the encoding's code units."""
    if encoding == "utf-32" or s.isascii():
        return len(s)
    if encoding == "utf-8":
        return len(s.encode("utf-8", "surrogatepass"))
    return len(s) + sum(1 for c in s if ord(c) > 0xFFFF)


class LineIndex:
    """Positions in one text."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    def line_end(self, line: int) -> int:
        """Offset of the end of *line* (0-based), before its ``\\n`` (or ``\\r\\n``)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1] - 1
            if end > self.starts[line] and self.text[end - 1] == "\r":
                end -= 1
            return end
        return len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position (clamped to the text and the line)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.line_end(line)
        if character <= 0:
            return start
        segment = self.text[start:end]
        if self.encoding == "utf-32" or segment.isascii():
            return start + min(character, len(segment))
        count = 0
        for i, c in enumerate(segment):
            if count >= character:
                return start + i
            o = ord(c)
            if self.encoding == "utf-8":
                count += 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
            else:
                count += 2 if o > 0xFFFF else 1
        return end
