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
