/** @odoo-module **/
// Copyright 2026 Le Périscope
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

/** The day ``days`` days from today, as the date input expects it. */
function isoDay(days) {
    const day = new Date();
    day.setDate(day.getDate() + days);
    const month = String(day.getMonth() + 1).padStart(2, "0");
    const date = String(day.getDate()).padStart(2, "0");
    return `${day.getFullYear()}-${month}-${date}`;
}

registry.category("web_tour.tours").add("periscope_coworking_portal_book", {
    url: "/my/bookings",
    steps: () => [
        {
            content: "No booking yet",
            trigger: ".o_periscope_bookings:not(:has(.o_periscope_booking_row))",
        },
        {
            content: "Book a space",
            trigger: ".o_periscope_bookings a[href='/my/bookings/new']",
            run: "click",
        },
        {
            content: "Choose the meeting room",
            trigger: "select#periscope_space:has(option:contains('Salle Tour (test)'))",
            run() {
                const room = [...this.anchor.options].find(
                    (option) => option.textContent.trim() === "Salle Tour (test)"
                );
                this.anchor.value = room.value;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "Choose two hours",
            trigger: "select#periscope_duration",
            run: "selectByLabel 2 hours",
        },
        {
            content: "Choose a day in three days",
            trigger: "input#periscope_day",
            run() {
                this.anchor.value = isoDay(3);
            },
        },
        {
            content: "Show the free times",
            trigger: ".o_periscope_day_picker button[type=submit]",
            run: "click",
        },
        {
            content: "The page of that day and of that room is shown",
            trigger: `.o_periscope_booking_new:has(input#periscope_day[value='${isoDay(3)}']) .o_periscope_space_info:contains('Salle Tour (test)')`,
        },
        {
            content: "The free times of that day are offered",
            trigger: ".o_periscope_book_form label[for=periscope_slot_0]",
        },
        {
            content: "The price is shown",
            trigger: ".o_periscope_book_form .o_periscope_booking_price",
        },
        {
            content: "Take the first free time",
            trigger: ".o_periscope_book_form label[for=periscope_slot_0]",
            run: "click",
        },
        {
            content: "Confirm the booking",
            trigger: ".o_periscope_book_form button[type=submit]",
            run: "click",
        },
        {
            content: "The booking is confirmed",
            trigger: ".o_periscope_booking_success:contains('The booking is confirmed.')",
        },
        {
            content: "It is in the list",
            trigger:
                ".o_periscope_booking_row:contains('Salle Tour (test)'):contains('Confirmed')",
        },
        {
            content: "Cancel it",
            trigger:
                ".o_periscope_booking_row:contains('Salle Tour (test)') .o_periscope_booking_cancel button[type=submit]",
            run: "click",
        },
        {
            content: "The booking is cancelled",
            trigger: ".o_periscope_booking_success:contains('The booking is cancelled.')",
        },
        {
            content: "No upcoming booking can be cancelled any more",
            trigger: ".o_periscope_bookings:not(:has(.o_periscope_booking_cancel))",
        },
    ],
});
