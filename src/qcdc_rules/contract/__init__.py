"""Layer 2, contract: the public report models and the report's JSON Schema (report-1.schema.json)."""
from pathlib import Path

from .models import (
    SEVERITY_RANK, CitationOut, FileError, FileReport, Finding, Fix, PlanInfo, RegistryInfo, Report, Severity, Span,
    Summary, ToolInfo,
)

SCHEMA_PATH = Path(__file__).resolve().parent / "report-1.schema.json"

__all__ = ["SEVERITY_RANK", "CitationOut", "FileError", "FileReport", "Finding", "Fix", "PlanInfo", "RegistryInfo",
           "Report", "Severity", "Span", "Summary", "ToolInfo", "SCHEMA_PATH"]
