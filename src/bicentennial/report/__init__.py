"""The public report: a bilingual static site and PDF of the indicators (aggregates only)."""

from bicentennial.report.build import BuildResult, PdfUnavailable, build_report

__all__ = ["BuildResult", "PdfUnavailable", "build_report"]
