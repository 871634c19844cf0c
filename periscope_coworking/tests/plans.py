# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What test_indexes and bench/hub.py share: the queries a call sends, and
PostgreSQL's plan of each."""

import json
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tools import SQL


def queries_sent(call):
    """The ``(query, params)`` that ``call()`` sends, from every cursor of
    this process."""
    sent = []
    execute = Cursor.execute

    def recording(cr, query, params=None, log_exceptions=True):
        sent.append((query, params))
        return execute(cr, query, params, log_exceptions)

    with patch.object(Cursor, "execute", recording):
        call()
    return sent


def selects_of(sent, tables):
    """The ``(code, query, params)`` of the SELECTs of ``sent`` that read one
    of ``tables``."""
    for query, params in sent:
        code = query.code if isinstance(query, SQL) else str(query)
        if not code.lstrip().upper().startswith("SELECT"):
            continue
        if any(f'"{table}"' in code or f" {table} " in code for table in tables):
            yield code, query, params


def explain(cr, query, params, analyze=False):
    """The top of the JSON plan of ``query`` (run when ``analyze``)."""
    options = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
    if isinstance(query, SQL):
        cr.execute(SQL(f"EXPLAIN ({options}) %s", query))
    else:
        cr.execute(f"EXPLAIN ({options}) " + query, params)
    result = cr.fetchone()[0]
    return (json.loads(result) if isinstance(result, str) else result)[0]


def plan_nodes(plan):
    """The nodes of a plan, sub-plans included."""
    found, stack = [], [plan]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.get("Plans", ()))
    return found
