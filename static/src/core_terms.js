/** @odoo-module */
// Terms of Odoo's own web client that its French translation lacks and that
// the addon's users read on every chatter message ("Today at 17:22"). The
// web client merges every module's translations into one table, so the
// addon's French file can give them; this file only makes the term part of
// the addon's export (it is in no asset bundle and never runs).
import { _t } from "@web/core/l10n/translation";

export const CORE_TERMS = [_t("Today at %(time)s")];
