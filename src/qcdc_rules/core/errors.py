"""Errors that name the file and the problem; the CLI turns them into one clear line, never a traceback."""
from __future__ import annotations

from .i18n import N_, tr


class QcdcError(Exception):
    """Base class for errors that end the check of one file."""

    code = "error"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InputError(QcdcError):
    code = "unreadable"


class DataError(QcdcError):
    """The ontology, registry or shapes are broken (a maintainer's error)."""

    code = "data"


def brief(e: BaseException, limit: int = 90) -> str:
    """An exception as a short, printable reason for an error line (no raw bytes dumped)."""
    import re

    text = " ".join(str(e).split())
    text = re.split(r"\s*(?:@\d+:\s*)?b['\"]", text)[0].rstrip(" :@")  # drop repr'd raw bytes
    text = "".join(c if c.isprintable() else "?" for c in text)
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


# What each error code means, said to the reader: the English messages (QcdcError.message) carry the details
# (byte counts, limits); a Vietnamese reader gets the file name and this sentence, which says what to do.
MEANING = {
    "not-found": N_("the file was not found"),
    "is-directory": N_("this is a folder, not a file"),
    "unsupported-type": N_("this type of file is not supported; save the document as .docx, .pdf, .md or .txt (UTF-8)"),
    "too-large": N_("the file is too large to check (a plan is much shorter); check the document's original file or "
                    "split the file"),
    "unreadable": N_("the file cannot be read"),
    "corrupt": N_("the file is damaged or not in its own format; open it, save it again and check it again"),
    "encrypted": N_("the file is protected by a password; remove the password, save the file and check it"),
    "doc-format": N_("Word 97-2003 files (.doc) are not supported; save the file as .docx and check it"),
    "zip-bomb": N_("the .docx file has an unusual structure (it unpacks to far too much) and is refused for safety"),
    "legacy-encoding": N_("the text uses fonts of a legacy encoding (VNI, TCVN3) that cannot be converted to Unicode "
                          "with confidence; convert it to Unicode (for example with Unikey's converter) and check it "
                          "again"),
    "encoding": N_("the text is not in UTF-8 and is not recognised as TCVN3 or Windows-1258; save the file as UTF-8 "
                   "and check it again"),
    "binary": N_("this is a binary file, not a document"),
    "scanned-pdf": N_("the PDF has no text layer (it may be a scan) and OCR is not installed; install it: pip install "
                      "'qcdc-rules[ocr]' and apt-get install tesseract-ocr tesseract-ocr-vie, or check the original "
                      ".docx"),
    "ocr-missing": N_("this image is a scan, which needs OCR, and OCR is not installed; install it: pip install 'qcdc-"
                      "rules[ocr]' and apt-get install tesseract-ocr tesseract-ocr-vie"),
    "no-text": N_("no text was recognised on the scan (OCR); check the scan or the original .docx"),
    "internal-error": N_("the tool failed while checking this file; please send the file with the report"),
    "usage": N_("wrong usage"),
    "data": N_("the registry of documents or the rule set is broken"),
}


def localized(code: str, message: str, name: str, lang: str) -> str:
    """An error's message in `lang`: the English message as it is, or the file's name and what the code means
    in Vietnamese (the English message when no Vietnamese sentence is known for the code)."""
    if lang != "vi" or code not in MEANING:
        return message
    said = tr(lang, MEANING[code])
    return f"{name}: {said}" if name else said[:1].upper() + said[1:]
