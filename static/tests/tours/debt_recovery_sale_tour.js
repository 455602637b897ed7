import { registry } from "@web/core/registry";

// A plain salesperson opens the quotation of a suspended customer: the
// banner, no "Confirm" that would fail, and a button to ask for an exception.
registry.category("web_tour.tours").add("l10n_fr_debt_recovery_sale_tour", {
    steps: () => [
        {
            content: "The banner says the customer is suspended",
            trigger: ".o_form_view div[name='recovery_suspension_alert']:contains('Customer suspended for non-payment')",
        },
        {
            content: "No Confirm button that would fail",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name='action_confirm']))",
        },
        {
            content: "Ask for an exception",
            trigger: ".o_form_statusbar button[name='action_recovery_request_exception']:contains('ask for an exception')",
            run: "click",
        },
        {
            content: "Odoo says the request was sent",
            trigger: ".o_notification:contains('Your request was sent')",
        },
        {
            content: "The order shows the request is waiting",
            trigger: ".o_form_statusbar button[name='action_recovery_request_exception']:contains('Exception asked')",
        },
        {
            content: "The order's chatter says who asked",
            trigger: ".o-mail-Message:contains('Exception asked by')",
        },
    ],
});

/** The shared test machine: 30 s per step. */
function patient(steps) {
    return steps.map((step) => ({ timeout: 30000, ...step }));
}

const PREPAYMENT_BANNER = ".o_form_view div[name='recovery_prepayment_alert']";

// A plain salesperson makes a quotation for a customer at risk (an open
// receivership): as soon as the customer is chosen the banner says a
// prepayment is required and why; no Confirm, no waiver for them.
registry.category("web_tour.tours").add("l10n_fr_debt_recovery_sale_prepayment_tour", {
    steps: () =>
        patient([
            {
                content: "New quotation",
                trigger: ".o_list_button_add",
                run: "click",
            },
            {
                content: "Pick the customer",
                trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
                run: "edit Client Redressement SAS",
            },
            {
                trigger: "ul.ui-autocomplete > li > a:contains('Client Redressement SAS')",
                run: "click",
            },
            {
                content: "The banner says why a prepayment is required",
                trigger: `${PREPAYMENT_BANNER}:contains('Prepayment required: customer at risk of non-payment'):contains('Collective procedure (Receivership) opened on')`,
            },
            {
                content: "The payer score D warning, with its reason",
                trigger: ".o_form_view div[name='recovery_payer_score_alert']:contains('Customer at risk (payer score D)'):contains('2 promise(s) to pay not kept')",
            },
            {
                content: "Add a line",
                trigger: ".o_form_view a:contains('Add a product')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_data_row div[name='product_template_id'] input",
                run: "edit Escalier",
            },
            {
                trigger: "ul.ui-autocomplete a:contains('Escalier chêne')",
                run: "click",
            },
            {
                content: "The prepayment to pay online: 30 % of the quotation",
                trigger: `${PREPAYMENT_BANNER} [name='recovery_prepayment_amount']:contains('300.00')`,
            },
            {
                content: "No Confirm, no waiver for a plain salesperson",
                trigger: ".o_form_view .o_form_statusbar:not(:has(button[name='action_confirm'])):not(:has(button[name='action_recovery_waive_prepayment']))",
            },
            {
                content: "Save",
                trigger: ".o_form_view .o_form_button_save",
                run: "click",
            },
            {
                content: "Saved, still without Confirm",
                trigger: ".o_form_view .o_form_saved .o_form_statusbar:not(:has(button[name='action_confirm']))",
            },
            {
                content: "The banner stays on the saved quotation",
                trigger: `${PREPAYMENT_BANNER}:contains('Send the quotation to the customer')`,
            },
        ]),
});

// A user of the override group waives the prepayment with a reason: the
// banner says who waived it and why, and the quotation can be confirmed.
registry.category("web_tour.tours").add("l10n_fr_debt_recovery_sale_waiver_tour", {
    steps: () =>
        patient([
            {
                content: "The banner asks for the prepayment",
                trigger: `${PREPAYMENT_BANNER}:contains('Prepayment to pay online')`,
            },
            {
                content: "No Confirm before the waiver",
                trigger: ".o_form_view .o_form_statusbar:not(:has(button[name='action_confirm']))",
            },
            {
                content: "Waive the prepayment",
                trigger: ".o_form_statusbar button[name='action_recovery_waive_prepayment']",
                run: "click",
            },
            {
                content: "The wizard shows the amount waived",
                trigger: ".modal .o_field_widget[name='prepayment_amount']:contains('300.00')",
            },
            {
                content: "Give the reason",
                trigger: ".modal .o_field_widget[name='reason'] textarea",
                run: "edit Client historique, virement convenu avec son gérant",
            },
            {
                content: "Confirm the waiver",
                trigger: ".modal footer button[name='action_waive']",
                run: "click",
            },
            {
                content: "The banner says who waived it and why, no longer asks to pay",
                trigger: `body:not(:has(.modal)) ${PREPAYMENT_BANNER}:contains('Prepayment waived by'):contains('virement convenu'):not(:contains('Prepayment to pay online'))`,
            },
            {
                content: "Confirm is back",
                trigger: ".o_form_statusbar button[name='action_confirm']:not(:disabled)",
                run: "click",
            },
            {
                content: "The quotation is a sales order",
                trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains('Sales Order')",
            },
        ]),
});
