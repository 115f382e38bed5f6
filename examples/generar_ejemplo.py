"""Writes examples/resultados-ejemplo.xlsx: a spreadsheet from «another institution»
(Spanish headers, decimal commas, dd/mm/yyyy dates, an area the site does not have yet),
to try `rendicion import` with a column mapping:

    rendicion import examples/resultados-ejemplo.xlsx --dry-run --columns "id=Código,title=Nombre del logro,text=Descripción,area=Dirección responsable,councils=Consejo,status=Estado,progress=Avance,date=Fecha de cierre,year=Año"

Run `python examples/generar_ejemplo.py` to write it again; the file is reproducible byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from rendicion.sheets import write_xlsx

HEADER = ["Código", "Nombre del logro", "Descripción", "Dirección responsable", "Consejo", "Estado", "Avance",
          "Fecha de cierre", "Año"]
ROWS = [
    ["", "Talleres de planificación municipal",
     "Se realizaron 12 talleres de planificación con 1.555 personas de 14 municipios.",
     "Dirección de Planificación Territorial", "CONED", "En curso", "97,76 %", "15/03/2018", 2018],
    ["", "Boletín digital de la Secretaría", "Publicación mensual del boletín digital, enviado a medios y socios.",
     "Área de Comunicaciones", "", "Cumplido", "100", "2018-12-01", 2018],
    ["", "Mesas de diálogo con juventudes", "Mesas de diálogo con juventudes en los 14 departamentos.",
     "Dirección de Planificación Territorial", "CONASAV; CNSCC", "Planificado", "", "", 2018],
]

if __name__ == "__main__":
    target = Path(__file__).with_name("resultados-ejemplo.xlsx")
    target.write_bytes(write_xlsx(HEADER, ROWS))
    print(f"Escrito {target}")
