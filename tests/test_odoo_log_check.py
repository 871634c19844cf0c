# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reader of Odoo's test log fails the run on everything Odoo lets pass."""

from tools.odoo_log_check import check

PREFIX = "2026-03-02 09:00:00,123 4242 {level} periscope_test {logger}: {message}"
RESULT = "0 failed, 0 error(s) of 12 tests when loading database 'periscope_test'"


def line(level, logger, message):
    return PREFIX.format(level=level, logger=logger, message=message)


def green_log():
    return [
        line("INFO", "odoo.modules.loading", "loading 42 modules..."),
        line("INFO", "odoo.addons.periscope_members.tests.test_x", "Starting Test.a ..."),
        line("INFO", "odoo.tests.result", RESULT),
    ]


def test_green_run():
    problems, run, failed, skipped = check(green_log())
    assert (problems, run, failed, skipped) == ([], 12, 0, 0)


def test_failed_tests_are_counted():
    log = green_log()
    log[-1] = line(
        "ERROR", "odoo.tests.result", "2 failed, 1 error(s) of 12 tests when loading database 'periscope_test'"
    )
    _problems, run, failed, _skipped = check(log)
    assert (run, failed) == (12, 3)


def test_error_and_traceback_fail_the_run():
    log = green_log()
    log.insert(1, line("ERROR", "odoo.modules.registry", "Failed to load registry"))
    log.insert(2, "Traceback (most recent call last):")
    problems, *_ = check(log)
    assert len(problems) == 2
    assert "ERROR odoo.modules.registry" in problems[0]
    assert "traceback" in problems[1]


def test_warning_from_our_code_fails_but_not_from_core():
    log = green_log()
    log.insert(1, line("WARNING", "odoo.addons.periscope_coworking.models.x", "oops"))
    log.insert(2, line("WARNING", "odoo.addons.base.models.ir_ui_view", "core says"))
    log.insert(3, line("WARNING", "odoo.fields", "Field periscope_space.x: bad"))
    problems, *_ = check(log)
    assert len(problems) == 2
    assert all("WARNING" in p for p in problems)


def test_skipped_test_fails_the_run():
    log = green_log()
    log.insert(
        1,
        line(
            "INFO",
            "odoo.addons.periscope_coworking.tests.test_tour",
            "skipped TestTour.test_book : websocket-client module is not installed",
        ),
    )
    problems, _run, _failed, skipped = check(log)
    assert skipped == 1
    assert "skipped test" in problems[0]


def test_a_run_without_result_or_without_tests_fails():
    problems, *_ = check(green_log()[:-1])
    assert problems == ["no test result in the log: the run did not finish"]
    log = green_log()
    log[-1] = line(
        "WARNING", "odoo.tests.result", "0 failed, 0 error(s) of 0 tests when loading database 'periscope_test'"
    )
    problems, run, *_ = check(log)
    assert run == 0
    assert problems == ["no test ran"]
