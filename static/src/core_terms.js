/** @odoo-module */
// Terms of Odoo's own web client that its French translation lacks (mail's
// fr.po leaves them empty) and that the addon's users read on every chatter
// message: "Today at 17:22", "Yesterday at 09:05". The web client merges
// every module's translations into one table, so the addon's French file
// can give them; this file only makes the terms part of the addon's export
// (it is in no asset bundle and never runs).
import { _t } from "@web/core/l10n/translation";

export const CORE_TERMS = [_t("Today at %(time)s"), _t("Yesterday at %(time)s")];
