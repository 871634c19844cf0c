/** @odoo-module **/
// Copyright 2026 Le Périscope
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("periscope_assembly_vote", {
    url: "/my/assemblies",
    steps: () => [
        {
            content: "Open the assembly the organisation is convened to",
            trigger: ".o_periscope_assembly_row a:contains('Assemblée générale 2026 (test)')",
            run: "click",
        },
        {
            content: "The agenda is shown",
            trigger: ".o_periscope_assembly_agenda:contains('élection du CA')",
        },
        {
            content: "Choose For on the open resolution",
            trigger:
                ".o_periscope_resolution:contains('Approbation des comptes') .o_periscope_vote_form .form-check:contains('For') input[type=radio]",
            run: "click",
        },
        {
            content: "Vote",
            trigger: ".o_periscope_vote_form button[type=submit]",
            run: "click",
        },
        {
            content: "The vote is recorded",
            trigger: ".o_periscope_assembly_success",
        },
        {
            content: "The organisation sees its vote",
            trigger: ".o_periscope_ballot:contains('Your organisation voted'):contains('For')",
        },
        {
            content: "No more vote on this resolution",
            trigger: ".o_periscope_resolution:not(:has(.o_periscope_vote_form))",
        },
    ],
});
