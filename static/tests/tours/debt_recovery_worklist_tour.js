import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("l10n_fr_debt_recovery_worklist_tour", {
    url: "/odoo/action-l10n_fr_debt_recovery.debt_recovery_worklist_action",
    steps: () => [
        {
            content: "The worklist shows the customer with its next step",
            trigger: ".o_list_view .o_data_row:contains('Tour Client SARL'):contains('Courtesy reminder')",
        },
        {
            content: "Process opens the customer page",
            trigger: ".o_data_row:contains('Tour Client SARL') button[name='action_recovery_open_page']",
            run: "click",
        },
        {
            content: "Send a step now opens the processing wizard",
            trigger: ".o_form_view button[name='action_recovery_page_send']",
            run: "click",
        },
        {
            content: "The wizard says what is due today",
            trigger: ".modal .o_field_widget[name='next_step_summary']:contains('Courtesy reminder due today')",
        },
        {
            content: "The overdue invoice is listed",
            trigger: ".modal .o_field_widget[name='invoice_ids'] .o_data_row",
        },
        {
            content: "Send the reminder now",
            trigger: ".modal footer button[name='action_send']",
            run: "click",
        },
        {
            content: "Odoo confirms the step was sent",
            trigger: ".o_notification:contains('1 step(s) sent')",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
