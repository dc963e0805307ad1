"""Ofsted ILACS Annex A: the child-level lists 1 to 11 (DOMAIN.md 4) as one xlsx workbook.

`columns` holds each list's 2024 template column names and period, `labels` the template's
lettered value sets, `lists` builds each list's rows from the record (the pathway apps' own
selectors where they exist), `workbook` writes the xlsx and `services` keeps a generated
workbook with its checksum. See docs/domain/annex-a.md.
"""
