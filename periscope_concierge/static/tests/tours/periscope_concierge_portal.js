/** @odoo-module **/
// Copyright 2026 Le Périscope
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

const SERVICE = ".o_periscope_concierge_service:contains('Repassage chemise (tour test)')";

registry.category("web_tour.tours").add("periscope_concierge_portal_order", {
    url: "/my/concierge",
    steps: () => [
        {
            content: "No order yet",
            trigger: ".o_periscope_concierge_orders:not(:has(.o_periscope_concierge_order_row))",
        },
        {
            content: "New order",
            trigger: ".o_periscope_concierge_orders a[href='/my/concierge/new']",
            run: "click",
        },
        {
            content: "Three shirts to iron",
            trigger: `${SERVICE} input[type=number]`,
            run: "edit 3",
        },
        {
            content: "Instructions for the provider",
            trigger: "textarea#periscope_concierge_note",
            run: "edit No starch, please",
        },
        {
            content: "Order",
            trigger: ".o_periscope_concierge_order_form button[type=submit]",
            run: "click",
        },
        {
            content: "The order is registered",
            trigger: ".o_periscope_concierge_success:contains('The order is registered')",
        },
        {
            content: "Its pick-up code is shown",
            trigger: ".o_periscope_concierge_order .o_periscope_pickup_code",
        },
        {
            content: "Its line is shown",
            trigger: ".o_periscope_concierge_line:contains('Repassage chemise (tour test)')",
        },
        {
            content: "Back to the orders",
            trigger: ".o_periscope_concierge_order a[href='/my/concierge']:contains('Back to the orders')",
            run: "click",
        },
        {
            content: "The order is in the list",
            trigger: ".o_periscope_concierge_order_row .o_periscope_pickup_code",
        },
    ],
});
