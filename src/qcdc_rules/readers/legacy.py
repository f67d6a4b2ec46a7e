"""Legacy Vietnamese encodings.

TCVN3 (ABC; fonts .VnTime, .VnArial …): one byte per letter. Word stores such text as the Windows-1252
characters of those bytes, so "Kế hoạch" typed in .VnTime reads "KÕ ho¹ch". The byte -> Unicode table
below is TCVN 5712 (the table of the X11/glibc "TCVN" charset), bytes 0xA0-0xFF: the lower-case letters
and the base capitals ĂÂÊÔƠƯĐ. Fonts whose name ends in "H" (.VnTimeH) show the same bytes as capitals,
so their text is upper-cased after mapping.

VNI (fonts "VNI-Times" …) writes a base letter followed by separate mark characters; .docx runs in VNI
fonts are refused with a clear error, and VNI bytes in a .txt file decode to no recognisable
Vietnamese under the encodings below, so they are refused too — never checked as garbage.

Windows-1258 text files are decoded by Python's cp1258 codec (base letters + combining tone marks) and
NFC-normalized by ingest.
"""
from __future__ import annotations

import re

# TCVN 5712 bytes 0xA0..0xFF -> Unicode code points (X11 lcUniConv/tcvn.h, tcvn_2uni_2[0x20:])
_TCVN_A0_FF = [
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
]
TCVN3_TABLE = {0xA0 + i: chr(cp) for i, cp in enumerate(_TCVN_A0_FF) if i}  # keep 0xA0 (no-break space)
_TCVN3_SIGNATURE = re.compile("[" + "".join(chr(b) for b in range(0xA1, 0x100)
                                            if chr(b) not in "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý") + "]")
_VIET = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u0323\u1EA0-\u1EF9]")


def is_tcvn3_font(name: str | None) -> bool:
    return name is not None and name.strip().lower().startswith(".vn")


def is_vni_font(name: str | None) -> bool:
    return name is not None and name.strip().upper().startswith("VNI")


def tcvn3_to_unicode(text: str, capitals: bool = False) -> str:
    """Text whose characters are the Windows-1252/Latin-1 reading of TCVN3 bytes -> Unicode."""
    out = text.translate(TCVN3_TABLE)
    return out.upper() if capitals else out


def looks_like_tcvn3(text: str) -> bool:
    """Many TCVN3-only characters and almost no real Vietnamese letters."""
    letters = sum(c.isalpha() for c in text) or 1
    sig = len(_TCVN3_SIGNATURE.findall(text))
    viet = len(_VIET.findall(text))
    return sig >= 3 and sig / letters > 0.03 and viet < sig / 4


_COMMON = set("""của và các thực hiện được năm ngày dân chủ cơ sở người trong những với không có là một
cho về theo đến này việc quy định nghị tỉnh xã phường cán bộ công chức nhân ủy ban kế hoạch nội dung
tổ chức báo cáo thông tin đảng chính phủ luật số trên địa bàn tiếp tục nâng cao hiệu quả""".split())


def common_word_hits(text: str) -> tuple[int, int]:
    """(words that are very common Vietnamese words, all words) — to tell a right decoding from a wrong one."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return sum(1 for w in words if w in _COMMON), len(words)


def decode_legacy(body: bytes) -> "tuple[str, str] | None":
    """The legacy encoding that turns `body` into recognisable Vietnamese, or None when none does
    with confidence (including VNI, which is refused)."""
    import unicodedata

    candidates = []
    try:
        candidates.append((unicodedata.normalize("NFC", body.decode("cp1258")), "windows-1258"))
    except UnicodeDecodeError:
        pass
    candidates.append((tcvn3_to_unicode(body.decode("latin-1")), "tcvn3"))
    scored = []
    for text, enc in candidates:
        hits, words = common_word_hits(text)
        scored.append((hits, words, text, enc))
    hits, words, text, enc = max(scored, key=lambda t: t[0])
    if hits >= 3 and hits >= 0.08 * max(words, 1):
        return text, enc
    return None
