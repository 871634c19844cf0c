# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Files the hub's users download from a form: one home for the four addons."""


def csv_download(record, filename, text):
    """The action that downloads ``text`` as the CSV file ``filename``,
    attached to ``record``: encoded in UTF-8 with its byte-order mark, so that
    a spreadsheet opens its accents as they are written."""
    attachment = record.env["ir.attachment"].create(
        {
            "name": filename,
            "raw": text.encode("utf-8-sig"),
            "mimetype": "text/csv",
            "res_model": record._name,
            "res_id": record.id,
        }
    )
    return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "download"}
