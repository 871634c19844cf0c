/** @odoo-module **/
// Copyright 2026 Le Périscope
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {CalendarModel} from "@web/views/calendar/calendar_model";
import {patch} from "@web/core/utils/patch";

/**
 * A drag or a resize that the server refuses (a booking onto another one, a
 * room closed that day) leaves, in Odoo 18, the event drawn where it was
 * dropped until the page is reloaded. Load the records again whatever the
 * answer, so that every calendar — the bookings' and the Odoo Calendar — shows
 * the event where it really is; the error is still shown.
 */
patch(CalendarModel.prototype, {
    async updateRecord() {
        try {
            return await super.updateRecord(...arguments);
        } catch (error) {
            await this.load();
            throw error;
        }
    },
});
