/** Every screen of the accountant's day, per role, clicking every button:
 * the test (tests/test_tour.py) fails on any error dialog or console error. */
import { registry } from "@web/core/registry";

const { DateTime } = luxon;

const WORKLIST = "/odoo/action-l10n_fr_debt_recovery.debt_recovery_worklist_action";
const STEPS = "/odoo/action-l10n_fr_debt_recovery.debt_recovery_action_action";
const TO_PRINT = "/odoo/action-l10n_fr_debt_recovery.debt_recovery_action_to_print_action";
const NOTICES = "/odoo/action-l10n_fr_debt_recovery.debt_recovery_notice_action";

/** After a click whose answer takes time (a letter made by LibreOffice, a
 * download in another tab): wait, then no error dialog may be open. */
function noError(wait = 4000) {
    return [
        {
            content: `Wait ${wait} ms for the answer`,
            trigger: "body",
            run: () => new Promise((resolve) => setTimeout(resolve, wait)),
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ];
}

function confirmDialog(content) {
    return {
        content,
        trigger: ".modal:contains('Run the daily recovery job now') .modal-footer .btn-primary",
        run: "click",
    };
}

function openPage(customer) {
    return [
        {
            content: `The worklist lists ${customer}`,
            trigger: `.o_list_view .o_data_row:contains('${customer}')`,
        },
        {
            content: "Process opens the customer page",
            trigger: `.o_data_row:contains('${customer}') button[name='action_recovery_open_page']`,
            run: "click",
        },
        {
            content: "The page shows the situation",
            trigger: ".o_form_view .o_field_widget[name='recovery_page_situation']:contains('Step reached')",
        },
        {
            content: "and the open invoices with penalties to date",
            trigger: ".o_form_view .o_field_widget[name='recovery_page_invoice_ids'] .o_data_row",
        },
    ];
}

/** The machine running the tests is shared: 30 s per step. */
function patient(steps) {
    return steps.map((step) => ({ timeout: 30000, ...step }));
}

registry.category("web_tour.tours").add("l10n_fr_debt_recovery_user_tour", {
    url: WORKLIST,
    steps: () => patient([
        ...openPage("Tour Client SARL"),
        {
            content: "Preview the letter of the next step",
            trigger: ".o_form_view button[name='action_recovery_page_preview']",
            run: "click",
        },
        ...noError(),
        {
            content: "Send a step now",
            trigger: ".o_form_view button[name='action_recovery_page_send']",
            run: "click",
        },
        {
            content: "The step chosen by hand is stated",
            trigger: ".modal .o_field_widget[name='step_summary']:contains('Courtesy reminder')",
        },
        {
            content: "Send the step due today",
            trigger: ".modal footer button[name='action_send']",
            run: "click",
        },
        {
            content: "History tab (once the dialog is closed)",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('History')",
            run: "click",
        },
        {
            content: "The step is in the history",
            trigger: ".o_field_widget[name='recovery_page_action_ids'] .o_data_row:contains('Courtesy reminder')",
        },
        {
            content: "Promise to pay",
            trigger: ".o_form_view button[name='action_recovery_page_promise']",
            run: "click",
        },
        {
            content: "Promised date",
            trigger: ".modal .o_field_widget[name='promise_date'] input",
            run: `edit ${DateTime.now().plus({ days: 20 }).toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "Record the promise",
            trigger: ".modal footer button[name='action_promise']",
            run: "click",
        },
        {
            content: "The promise is in the situation (once the dialog is closed)",
            trigger: ".o_form_view .o_field_widget[name='recovery_page_situation']:contains('Promise')",
        },
        {
            content: "Exclude opens its dialog",
            trigger: ".o_form_view button[name='action_recovery_page_exclude']",
            run: "click",
        },
        {
            content: "Close it",
            trigger: ".modal footer button.btn-secondary",
            run: "click",
        },
        {
            content: "Dialog closed",
            trigger: "body:not(:has(.modal))",
        },
        // The notice waiting for validation: amounts to date and preview.
        { trigger: "body", run: `goToUrl ${NOTICES}` },
        {
            content: "Open the draft notice",
            trigger: ".o_list_view .o_data_row:contains('Tour Avis SA') td.o_data_cell",
            run: "click",
        },
        {
            content: "The draft shows the total if validated today",
            trigger: ".o_form_view .o_field_widget[name='preview_total']",
        },
        {
            content: "Preview the notice",
            trigger: ".o_form_view button[name='action_preview_letter']",
            run: "click",
        },
        ...noError(),
        // Letters to print.
        { trigger: "body", run: `goToUrl ${TO_PRINT}` },
        {
            content: "The letter to post is listed",
            trigger: ".o_list_view .o_data_row:contains('Tour Poste SARL')",
        },
        {
            content: "Select all",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Print the letters",
            trigger: ".o_control_panel button[name='action_print_letters']",
            run: "click",
        },
        ...noError(),
        {
            content: "Mark as posted",
            trigger: ".o_control_panel button[name='action_mark_posted']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains('posted today') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The queue is empty",
            trigger: ".o_view_nocontent, .o_list_view:not(:has(.o_data_row:contains('Tour Poste SARL')))",
        },
    ]),
});

registry.category("web_tour.tours").add("l10n_fr_debt_recovery_manager_tour", {
    url: WORKLIST,
    steps: () => patient([
        {
            content: "Run the daily job from the worklist",
            trigger: ".o_control_panel button[name='action_recovery_run_now']",
            run: "click",
        },
        confirmDialog("Confirm the run"),
        ...noError(8000),
        ...noError(),
        ...openPage("Tour Client SARL"),
        {
            content: "Send a step now",
            trigger: ".o_form_view button[name='action_recovery_page_send']",
            run: "click",
        },
        {
            content: "The gap rule is stated: a step was sent today",
            trigger: ".modal .o_field_widget[name='step_summary']:contains('one step a day')",
        },
        {
            content: "A manager sends it anyway",
            trigger: ".modal .o_field_widget[name='step_override'] input",
            run: "click",
        },
        {
            content: "with a reason",
            trigger: ".modal .o_field_widget[name='step_override_reason'] textarea",
            run: "edit The customer asked for the letter for its auditor",
        },
        {
            content: "Send this step now",
            trigger: ".modal button[name='action_send_step']",
            run: "click",
        },
        {
            content: "The amicable step is in the history (once the dialog is closed)",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('History')",
            run: "click",
        },
        {
            content: "The amicable step is in the history",
            trigger: ".o_field_widget[name='recovery_page_action_ids'] .o_data_row:contains('Amicable reminder')",
        },
        ...noError(),
        { trigger: "body", run: `goToUrl ${STEPS}` },
        {
            content: "Run now from the steps",
            trigger: ".o_control_panel button[name='action_run_now']",
            run: "click",
        },
        confirmDialog("Confirm the run"),
        ...noError(8000),
        { trigger: "body", run: `goToUrl ${NOTICES}` },
        {
            content: "Open the draft notice",
            trigger: ".o_list_view .o_data_row:contains('Tour Avis SA') td.o_data_cell",
            run: "click",
        },
        {
            content: "Validate",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_validate']",
            run: "click",
        },
        {
            content: "Print the letter is a header button",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_print_letter']",
            run: "click",
        },
        ...noError(),
        {
            content: "Deposit slip is a header button",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_print_deposit_slip']",
        },
        ...noError(),
    ]),
});
