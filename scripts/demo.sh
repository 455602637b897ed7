#!/usr/bin/env bash
# The main job: create (or update) the demo database — a French company with
# the French chart of accounts, sale_management, this addon and its demo
# data —, run the daily recovery job once, then serve Odoo on
# http://localhost:8069 (PORT=... to change it; DEBT_RECOVERY_DEMO_DB=...
# for another database).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_odoo
ensure_python_packages
ensure_debian_packages

DB=${DEBT_RECOVERY_DEMO_DB:-debt_recovery_demo}
PORT=${PORT:-8069}
CONF="$LOCAL/odoo-demo.conf"
LOGDIR="$LOCAL/demo-logs"
mkdir -p "$LOGDIR"

ensure_postgres
write_odoo_config "$CONF"

# The links of the letters (payment page, portal) lead to this server: the
# base URL is this port's, frozen (Odoo would otherwise take the address of
# the first administrator's browser).
set_base_url() {
    odoo_bin shell -c "$CONF" -d "$DB" --no-http >"$LOGDIR/base-url.log" 2>&1 <<PY || die "setting web.base.url failed, see $LOGDIR/base-url.log"
params = env["ir.config_parameter"].sudo()
params.set_param("web.base.url", "http://localhost:$PORT")
params.set_param("web.base.url.freeze", "True")
env.cr.commit()
PY
}

if ! db_exists "$DB"; then
    log "creating the demo database $DB"
    # 1. base with demo data and the French translations (--load-language:
    #    base's terms now, and every module installed later gets its French
    #    terms at install), then make the main company French so that
    #    Accounting installs the French chart of accounts (PCG) and euros.
    odoo_bin -c "$CONF" -d "$DB" -i base --load-language=fr_FR --stop-after-init \
        >"$LOGDIR/base.log" 2>&1 \
        || die "creating $DB failed, see $LOGDIR/base.log"
    # (the rest of the company's letterhead is in the addon's demo data)
    odoo_bin shell -c "$CONF" -d "$DB" --no-http >"$LOGDIR/company.log" 2>&1 <<'PY' || die "setting the French company failed, see $LOGDIR/company.log"
company = env.ref("base.main_company")
company.write({
    "name": "Menuiserie Martin SARL",
    "street": "12 rue des Artisans",
    "zip": "75011",
    "city": "Paris",
    "country_id": env.ref("base.fr").id,
    "currency_id": env.ref("base.EUR").id,
    "company_registry": "81234567800016",
    "vat": "FR40812345678",
    "phone": "+33 1 43 00 00 00",
    "email": "compta@menuiserie-martin.example",
})
env["res.lang"]._activate_lang("fr_FR")  # loaded by --load-language above
env.ref("base.user_admin").write({"lang": "fr_FR", "tz": "Europe/Paris"})
env.ref("base.partner_admin").write({"lang": "fr_FR"})
company.partner_id.write({"lang": "fr_FR"})
env.cr.commit()
PY
    # 2. the French chart of accounts and Sales first, so that the addon's
    #    demo data finds a sales journal and French taxes.
    set_base_url
    odoo_bin -c "$CONF" -d "$DB" -i "l10n_fr_account,sale_management" --stop-after-init \
        >"$LOGDIR/install-fr.log" 2>&1 || die "installing the French accounting failed, see $LOGDIR/install-fr.log"
    # 3. the addon and its demo data (customers at every step of the ladder,
    #    with two months of recovery history replayed).
    odoo_bin -c "$CONF" -d "$DB" -i "$ADDON" --stop-after-init \
        >"$LOGDIR/install.log" 2>&1 || die "installing the addon failed, see $LOGDIR/install.log"
else
    set_base_url
    log "updating $ADDON in the demo database $DB"
    odoo_bin -c "$CONF" -d "$DB" -u "$ADDON" --stop-after-init >"$LOGDIR/update.log" 2>&1 \
        || die "updating the addon failed, see $LOGDIR/update.log"
fi

log "running the daily recovery job once"
odoo_bin shell -c "$CONF" -d "$DB" --no-http >"$LOGDIR/daily-job.log" 2>&1 <<'PY' || die "the daily job failed, see $LOGDIR/daily-job.log"
cron = env.ref("l10n_fr_debt_recovery.ir_cron_debt_recovery_daily", raise_if_not_found=False)
if cron:
    cron.method_direct_trigger()
env.cr.commit()
PY

log "Odoo serves the demo on http://localhost:$PORT
    logins / passwords: admin / admin (administrator), comptable / comptable
    (recovery user), responsable / responsable (recovery manager), demo / demo
    (salesperson)"
exec "$PYTHON" -m odoo -c "$CONF" -d "$DB" --db-filter="^$DB\$" --http-port "$PORT" --log-level=info
