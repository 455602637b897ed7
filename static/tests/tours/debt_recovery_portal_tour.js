import { registry } from "@web/core/registry";

// The customer's recovery page, opened from the link of a reminder: dispute
// the oldest invoice, pay the newest with the test payment provider, then
// ask for an installment plan of the one left.
function inDays(days) {
    const date = new Date(Date.now() + days * 86400000);
    return date.toISOString().slice(0, 10);
}

registry.category("web_tour.tours").add("l10n_fr_debt_recovery_portal_tour", {
    steps: () => [
        {
            content: "The page lists the three overdue invoices",
            trigger: "#recovery_overdue tbody tr:nth-child(3)",
        },
        {
            content: "Give the reason of the dispute",
            trigger: "#recovery_dispute_reason",
            run: "edit Marchandise livrée non conforme",
        },
        {
            content: "Dispute the first invoice of the list",
            trigger: "#recovery_dispute_button",
            run: "click",
        },
        {
            content: "The dispute is recorded and shown",
            trigger: ".alert-success:contains('dispute')",
        },
        {
            content: "The invoice is shown as disputed",
            trigger: "#recovery_overdue .badge:contains('Disputed')",
        },
        {
            content: "Untick the second invoice: pay only the last one",
            trigger: "#recovery_pay_form tbody tr:nth-child(2) input[name='invoice_ids']",
            run: "click",
        },
        {
            content: "Pay the selected invoices",
            trigger: "#recovery_pay_button",
            run: "click",
        },
        {
            content: "Choose the test payment method",
            trigger: "#o_payment_form input[name='o_payment_radio']",
            run: "click",
        },
        {
            content: "Pay",
            trigger: "button[name='o_payment_submit_button']:enabled",
            run: "click",
        },
        {
            content: "Back on the page after the payment: ask for a plan",
            trigger: "#recovery_plan_first",
            timeout: 30000,
            run() {
                document.querySelector("#recovery_plan_first").value = inDays(10);
            },
        },
        {
            content: "Ask for the plan",
            trigger: "#recovery_plan_button",
            run: "click",
        },
        {
            content: "The plan is proposed at once",
            trigger: ".alert-success:contains('to sign')",
            timeout: 60000,
        },
    ],
});
