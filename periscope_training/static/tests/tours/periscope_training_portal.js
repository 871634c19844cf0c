/** @odoo-module **/
// Copyright 2026 Le Périscope
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

const SESSION = "Atelier coopération (tour test)";

registry.category("web_tour.tours").add("periscope_training_portal_sign", {
    url: "/my/trainings",
    steps: () => [
        {
            content: "The session has a half-day to sign",
            trigger: `.o_periscope_training_row:contains('${SESSION}') .o_periscope_training_to_sign`,
        },
        {
            content: "Open the registration",
            trigger: `.o_periscope_training_row a:contains('${SESSION}')`,
            run: "click",
        },
        {
            content: "Sign the half-day begun",
            trigger: ".o_periscope_to_sign_slot button:contains('Sign')",
            run: "click",
        },
        {
            content: "The signature form shows the trainee's name",
            trigger: ".modal.show .o_web_sign_name_input:value(Inès Tourneur)",
        },
        {
            content: "Draw the signature from the name",
            trigger: ".modal.show .o_web_sign_auto_button",
            run: "click",
        },
        {
            content: "Sign",
            trigger: ".modal.show .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The attendance is signed",
            trigger: ".o_periscope_training_success:contains('Your attendance is signed.')",
        },
        {
            content: "Nothing is left to sign",
            trigger: ".o_periscope_attendance_signature:contains('Signed on')",
        },
        {
            content: "No signature is asked any more",
            trigger: "body:not(:has(.o_periscope_to_sign_slot))",
        },
    ],
});
