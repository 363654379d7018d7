"""Customer questionnaire files as a user would bring them, built for the tests."""

import zipfile
from pathlib import Path

QUESTION_FORMULA = '="Is customer data encrypted"&" at rest?"'
FORMULA_VALUE = "Is customer data encrypted at rest?"


def _set_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell the cached value Excel would have saved (openpyxl writes none)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode("utf-8")
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start)
    formula = xml[xml.index("<f>", start) : xml.index("</f>", start) + 4]
    xml = xml[:start] + f'<c r="{cell}" t="str">{formula}<v>{value}</v>' + xml[end:]
    parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


def customer_workbook(path: Path) -> Path:
    """Write a realistic two-sheet questionnaire: a merged title, a styled header row, a merged
    section row, a blank row, a question given by a formula, a data-validated response column
    and set column widths."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Security"
    sheet["A1"] = "Acme Corp vendor security questionnaire"
    sheet.merge_cells("A1:C1")
    sheet["A1"].font = Font(bold=True, size=14)
    header_fill = PatternFill("solid", fgColor="FFDDEEFF")
    for letter, title in zip("ABC", ("ID", "Question", "Response"), strict=True):
        cell = sheet[f"{letter}3"]
        cell.value = title
        cell.font = Font(bold=True, color="FF1F3864")
        cell.fill = header_fill
    sheet["A4"] = "Encryption"
    sheet.merge_cells("A4:C4")
    sheet["A5"] = "S-1"
    sheet["B5"] = "Do you encrypt customer data in transit, and with which TLS version?"
    sheet["A6"] = "S-2"
    sheet["B6"] = QUESTION_FORMULA
    sheet["A8"] = "Continuity"
    sheet.merge_cells("A8:C8")
    sheet["A9"] = "S-3"
    sheet["B9"] = "Do you have a tested business continuity plan?"
    sheet["A10"] = "S-4"
    sheet["B10"] = "Will you sign a <b>BAA</b> with us?"
    sheet["C10"] = "Yes"
    sheet.column_dimensions["A"].width = 9
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 14
    validation = DataValidation(type="list", formula1='"Yes,No,N/A"', allow_blank=True)
    validation.add("C5:C20")
    sheet.add_data_validation(validation)

    privacy = workbook.create_sheet("Privacy")
    privacy.append(["Ref", "Question text", "Notes"])
    privacy.append(["P1", "Do you use our API data to train your models?", "keep me"])
    privacy.append(["P2", "Which data residency regions are offered?", None])
    privacy.column_dimensions["B"].width = 55
    workbook.create_sheet("Notes")["A1"] = "Internal notes, not questions"
    workbook.save(path)
    _set_cached_value(path, "B6", FORMULA_VALUE)
    return path
