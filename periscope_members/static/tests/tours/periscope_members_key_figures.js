/** @odoo-module **/
// Copyright 2026 Le Périscope
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

const FIGURES = {
    fte: "12.5",
    volunteers: "30",
    cooperators: "41",
    users: "1200",
    entrepreneurs_supported: "17",
    visitors: "350",
};

function editFigure(name, value) {
    return {
        content: `Declare ${name}`,
        trigger: `.o_periscope_key_figure_form input#periscope_${name}`,
        run() {
            // set at once: typed key by key, a decimal number input drops
            // the digits before the separator
            this.anchor.value = value;
            this.anchor.dispatchEvent(new Event("input", {bubbles: true}));
            this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
        },
    };
}

registry.category("web_tour.tours").add("periscope_members_key_figures", {
    url: "/my",
    steps: () => [
        {
            content: "Open the membership of the organisation",
            trigger: "a[href='/my/membership']",
            run: "click",
        },
        {
            content: "The key figures of the year are offered, none declared yet",
            trigger: ".o_periscope_key_figure_form input#periscope_volunteers[value='0']",
        },
        ...Object.entries(FIGURES).map(([name, value]) => editFigure(name, value)),
        {
            content: "Declare the key figures",
            trigger: ".o_periscope_key_figure_form button[type=submit]",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_periscope_membership .alert-success:contains('Saved.')",
        },
        {
            content: "The declared figures are shown",
            trigger: ".o_periscope_key_figure_form input#periscope_users[value='1200']",
        },
    ],
});
