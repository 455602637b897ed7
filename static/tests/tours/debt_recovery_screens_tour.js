/** Every screen the accountant uses, opened at the test browser's 1366×768
 * (tests/test_tour.py): each must fit the window (no sideways scroll, no
 * column header cut) and open without error dialog or console error; the
 * customer page keeps its address on reload (F5). */
import { registry } from "@web/core/registry";

const ACTION = "/odoo/action-l10n_fr_debt_recovery.";
const WORKLIST = `${ACTION}debt_recovery_worklist_action`;

/** The list headers whose label is cut, and the sideways scrolls, of what
 * the screen shows. */
function layoutProblems() {
    const problems = [];
    const cut = (el) => el.scrollWidth > el.clientWidth + 1;
    for (const list of document.querySelectorAll(".o_list_renderer")) {
        if (!list.offsetParent) {
            continue; // a hidden notebook page
        }
        if (cut(list)) {
            problems.push(`sideways scroll (${list.scrollWidth} > ${list.clientWidth} px)`);
        }
        for (const th of list.querySelectorAll("thead th[data-name]")) {
            const label = th.querySelector(".text-truncate") || th;
            if (cut(label)) {
                problems.push(`header cut: "${th.textContent.trim()}"`);
            }
        }
    }
    for (const label of document.querySelectorAll(
        ".o_form_view .o_form_label, .o_setting_right_pane .o_form_label"
    )) {
        if (label.offsetParent && cut(label)) {
            problems.push(`label cut: "${label.textContent.trim()}"`);
        }
    }
    const page = document.scrollingElement;
    if (page.scrollWidth > window.innerWidth + 1) {
        problems.push("the page scrolls sideways");
    }
    return problems;
}

function fits(screen, trigger) {
    return [
        { content: `${screen} is open`, trigger },
        {
            content: `${screen} fits ${window.innerWidth} px`,
            trigger: "body:not(:has(.o_error_dialog))",
            run() {
                const problems = layoutProblems();
                if (problems.length) {
                    throw new Error(`${screen} at ${window.innerWidth} px: ${problems.join("; ")}`);
                }
            },
        },
    ];
}

function open(screen, url, trigger) {
    return [{ content: `Open ${screen}`, trigger: "body", run: `goToUrl ${url}` }, ...fits(screen, trigger)];
}

/** The machine running the tests is shared: 30 s per step. */
function patient(steps) {
    return steps.map((step) => ({ timeout: 30000, ...step }));
}

function recoveryScreens() {
    return [
        ...fits("The worklist", ".o_list_view .o_data_row button[name='action_recovery_open_page']"),
        {
            content: "The worklist shows the payer score, a grade per customer",
            trigger: ".o_list_view:has(thead th[data-name='payer_grade']) .o_data_row:contains('Tour Client SARL') td[name='payer_grade']",
            run() {
                if (!/^[ABCD]$/.test(this.anchor.textContent.trim())) {
                    throw new Error(`Tour Client SARL's score cell shows "${this.anchor.textContent.trim()}"`);
                }
            },
        },
        {
            content: "The worklist's kanban",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        ...fits("The kanban", ".o_kanban_view .o_kanban_group:contains('Disputed') .o_kanban_record"),
        {
            content: "Back to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the customer page",
            trigger: ".o_data_row:contains('Tour Client SARL') button[name='action_recovery_open_page']",
            run: "click",
        },
        ...fits("The customer page", ".o_form_view .o_field_widget[name='recovery_page_invoice_ids'] .o_data_row"),
        {
            content: "The customer page shows the payer score as a badge",
            trigger: ".o_form_view div[name='payer_score'] .o_field_widget[name='recovery_page_payer_grade'] .badge",
            run() {
                if (!/^[ABCD]$/.test(this.anchor.textContent.trim())) {
                    throw new Error(`the score badge shows "${this.anchor.textContent.trim()}"`);
                }
            },
        },
        {
            content: "The customer page counts its guarantees (a draft surety)",
            trigger: ".o_form_view .o-form-buttonbox",
            run() {
                const button = this.anchor.querySelector("button[name='action_view_recovery_guarantees']");
                const text = button ? button.textContent.replace(/\s+/g, " ").trim() : "";
                if (!/^1 ?Guarantees?$/.test(text)) {
                    throw new Error(`the guarantees button shows "${text}" (${this.anchor.textContent.replace(/\s+/g, " ")})`);
                }
            },
        },
        {
            content: "Promises to pay tab",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('Promises to pay')",
            run: "click",
        },
        ...fits("The customer page's promises", ".o_form_view .o_notebook .tab-pane.active"),
        {
            content: "The page has its own address",
            trigger: ".o_form_view .o_field_widget[name='recovery_page_situation']",
            run() {
                if (!window.location.pathname.includes("/recovery-customer/")) {
                    throw new Error(`the customer page's URL is ${window.location.pathname}`);
                }
                window.location.reload();
            },
        },
        {
            content: "After a reload (F5) the customer page is there again, not the contact form",
            trigger: ".o_form_view .o_field_widget[name='recovery_page_situation']:contains('Step reached')",
        },
        {
            content: "History tab",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('History')",
            run: "click",
        },
        ...fits("The customer page's history", ".o_field_widget[name='recovery_page_action_ids'] .o_list_renderer"),
        ...open("The recovery steps", `${ACTION}debt_recovery_action_action`, ".o_list_view .o_data_row"),
        ...open("The formal notices", `${ACTION}debt_recovery_notice_action`, ".o_list_view .o_data_row"),
        {
            content: "The draft notice shows no claimed total (blank, not 0,00)",
            trigger: ".o_data_row:contains('Tour Avis SA') td[name='amount_total']",
            run() {
                if (this.anchor.textContent.trim()) {
                    throw new Error(`a draft notice shows "${this.anchor.textContent.trim()}"`);
                }
            },
        },
        {
            content: "Open the draft notice",
            trigger: ".o_list_view .o_data_row:contains('Tour Avis SA') td.o_data_cell",
            run: "click",
        },
        ...fits("A formal notice", ".o_form_view .o_field_widget[name='preview_total']"),
        ...open("The reminder ladder", `${ACTION}debt_recovery_level_action`, ".o_list_view .o_data_row"),
        // Grouped by series: open the first group.
        ...open("The reference rates", `${ACTION}debt_recovery_rate_action`, ".o_list_view .o_group_header"),
        {
            content: "Open the first series",
            trigger: ".o_list_view .o_group_header",
            run: "click",
        },
        ...fits("The rates of a series", ".o_list_view .o_data_row button[name='get_formview_action']"),
        ...open(
            "The promises to pay",
            `${ACTION}debt_recovery_promise_action`,
            ".o_list_view .o_data_row:contains('Tour Promesse SARL') td[name='state']:contains('Open')"
        ),
        {
            content: "Open the promise",
            trigger: ".o_list_view .o_data_row:contains('Tour Promesse SARL') td[name='partner_id']",
            run: "click",
        },
        ...fits("A promise to pay", ".o_form_view .o_field_widget[name='note']:contains('Virement promis')"),
        // Only the active guarantees by default: the bank's.
        ...open(
            "The guarantees",
            `${ACTION}debt_recovery_guarantee_action`,
            ".o_list_view .o_data_row:contains('Tour Banque SA')"
        ),
        {
            content: "Show the draft guarantees too",
            trigger: ".o_searchview_facet:contains('Active') .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the draft surety",
            trigger: ".o_list_view .o_data_row:contains('Tour Paul Caution') td[name='partner_id']",
            run: "click",
        },
        ...fits("A guarantee", ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Draft')"),
        {
            content: "Activate it: its signed deed is attached",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_activate']",
            run: "click",
        },
        ...fits("An active guarantee", ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Active')"),
        {
            content: "An active guarantee can be called or released",
            trigger: ".o_statusbar_buttons:has(button[name='action_call']):has(button[name='action_release'])",
        },
    ];
}

registry.category("web_tour.tours").add("l10n_fr_debt_recovery_screens_tour", {
    url: WORKLIST,
    steps: () => patient(recoveryScreens()),
});

registry.category("web_tour.tours").add("l10n_fr_debt_recovery_settings_tour", {
    url: "/odoo/settings#account",
    steps: () =>
        patient([
            ...fits("The settings", "#debt_recovery_consumers .o_setting_right_pane"),
            {
                content: "The consumers' checkboxes sit before their labels, on one line each",
                trigger: "#debt_recovery_consumers",
                run() {
                    for (const name of ["debt_recovery_supplies_water", "debt_recovery_supplies_energy"]) {
                        const box = document.querySelector(`[name='${name}'] input`);
                        const label = document.querySelector(`label[for='${box.id}']`);
                        const [b, l] = [box.getBoundingClientRect(), label.getBoundingClientRect()];
                        if (b.left > l.left || b.bottom < l.top || l.height > 2.5 * b.height) {
                            throw new Error(`${name}: checkbox and label are not on one line`);
                        }
                    }
                },
            },
        ]),
});
