/** @odoo-module **/
// Copyright 2026 Le Périscope
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

/** A day of next month: always after today and shown by the month view. */
function nextMonthDay(day) {
    const today = new Date();
    return new Date(today.getFullYear(), today.getMonth() + 1, day);
}

function isoDay(date) {
    const month = String(date.getMonth() + 1).padStart(2, "0");
    const day = String(date.getDate()).padStart(2, "0");
    return `${date.getFullYear()}-${month}-${day}`;
}

/** The date and time as an English (United States) user types them. */
function typedDateTime(date, time) {
    const month = String(date.getMonth() + 1).padStart(2, "0");
    const day = String(date.getDate()).padStart(2, "0");
    return `${month}/${day}/${date.getFullYear()} ${time}`;
}

/** Show next month in the month view, whatever the calendar showed. */
function monthViewOfNextMonth() {
    const first = isoDay(nextMonthDay(1));
    return [
        {
            content: "Show today",
            trigger: ".o_calendar_button_today",
            run: "click",
        },
        {
            content: "Open the scale selector",
            trigger: ".scale_button_selection",
            run: "click",
        },
        {
            content: "Show a month",
            trigger: ".o_scale_button_month",
            run: "click",
        },
        {
            content: "The month view is shown",
            trigger: ".fc-dayGridMonth-view",
        },
        {
            content: "Go to next month",
            trigger: ".o_calendar_button_next",
            run: "click",
        },
        {
            content: "Next month is shown",
            trigger: `.fc-daygrid-day[data-date='${first}']:not(.fc-day-other)`,
        },
    ];
}

registry.category("web_tour.tours").add("periscope_coworking_calendar", {
    steps: () => {
        const created = nextMonthDay(10);
        const moved = nextMonthDay(12);
        const event = "a.fc-event:contains('Tour board meeting')";
        return [
            {
                content: "The bookings calendar is shown",
                trigger: ".o_calendar_view .fc",
            },
            ...monthViewOfNextMonth(),
            {
                content: "Click the 10th to book the room that day",
                trigger: `.fc-daygrid-day[data-date='${isoDay(created)}']:not(.fc-day-other)`,
                run: "click",
            },
            {
                content: "Choose the room",
                trigger: ".o_form_view .o_field_widget[name=space_id] input",
                run: "edit Salle Tour",
            },
            {
                content: "Pick the room in the list",
                trigger: ".o-autocomplete--dropdown-item a:contains('Salle Tour (test)')",
                run: "click",
            },
            {
                content: "Choose the customer",
                trigger: ".o_form_view .o_field_widget[name=partner_id] input",
                run: "edit Tour Coop",
            },
            {
                content: "Pick the customer in the list",
                trigger: ".o-autocomplete--dropdown-item a:contains('Tour Coop (test)')",
                run: "click",
            },
            {
                content: "Start at 10:00",
                trigger: ".o_form_view .o_field_widget[name=start] input",
                run: `edit ${typedDateTime(created, "10:00:00")}`,
            },
            {
                content: "End at 12:00",
                trigger: ".o_form_view .o_field_widget[name=stop] input",
                run: `edit ${typedDateTime(created, "12:00:00")}`,
            },
            {
                content: "Name the booking",
                trigger: ".o_form_view .o_field_widget[name=name] input",
                run: "edit Tour board meeting",
            },
            {
                content: "Confirm the booking",
                trigger: ".o_form_view button[name=action_confirm]",
                run: "click",
            },
            {
                content: "The booking is confirmed",
                trigger: ".o_form_view button[name=action_done]",
            },
            {
                content: "Back to the calendar",
                trigger: ".o_back_button",
                run: "click",
            },
            {
                content: "The calendar is back",
                trigger: ".o_calendar_view .fc",
            },
            ...monthViewOfNextMonth(),
            {
                content: "Drag the booking to the 12th",
                trigger: `.fc-daygrid-day[data-date='${isoDay(created)}'] ${event}`,
                run: `drag_and_drop .fc-daygrid-day[data-date='${isoDay(moved)}'] .fc-daygrid-day-events`,
            },
            {
                content: "The booking is on the 12th",
                trigger: `.fc-daygrid-day[data-date='${isoDay(moved)}'] ${event}`,
            },
            {
                content: "Nothing left on the 10th",
                trigger: `.fc-daygrid-day[data-date='${isoDay(created)}']:not(:has(${event}))`,
            },
            ...refusedDrag(event, moved, nextMonthDay(14)),
        ];
    },
});

/**
 * Drag an event onto the day of another booking of the room: the server
 * refuses, the reason is shown, and the event is drawn back where it is.
 */
function refusedDrag(event, from, onto) {
    return [
        {
            content: "Drag the booking onto the day the room is already booked",
            trigger: `.fc-daygrid-day[data-date='${isoDay(from)}'] ${event}`,
            run: `drag_and_drop .fc-daygrid-day[data-date='${isoDay(onto)}'] .fc-daygrid-day-events`,
        },
        {
            content: "The reason of the refusal is shown",
            trigger: ".modal .modal-body:contains('already booked')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The booking is drawn back where it is",
            trigger: `.fc-daygrid-day[data-date='${isoDay(from)}'] ${event}`,
        },
        {
            content: "Not where it was dropped",
            trigger: `.fc-daygrid-day[data-date='${isoDay(onto)}']:not(:has(${event}))`,
        },
    ];
}

registry.category("web_tour.tours").add("periscope_coworking_odoo_calendar", {
    steps: () => {
        const event = "a.fc-event:contains('Tour general assembly')";
        return [
            {
                content: "The Odoo Calendar is shown",
                trigger: ".o_calendar_view .fc",
            },
            ...monthViewOfNextMonth(),
            ...refusedDrag(event, nextMonthDay(10), nextMonthDay(14)),
            {
                content: "Drag the booking to the 12th, where the room is free",
                trigger: `.fc-daygrid-day[data-date='${isoDay(nextMonthDay(10))}'] ${event}`,
                run: `drag_and_drop .fc-daygrid-day[data-date='${isoDay(nextMonthDay(12))}'] .fc-daygrid-day-events`,
            },
            {
                content: "The booking is on the 12th",
                trigger: `.fc-daygrid-day[data-date='${isoDay(nextMonthDay(12))}'] ${event}`,
            },
        ];
    },
});
