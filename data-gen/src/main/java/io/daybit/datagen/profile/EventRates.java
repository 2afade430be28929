package io.daybit.datagen.profile;

import io.daybit.engine.InvalidRequestException;

/**
 * Base rates of each kind of event (see the package notes for what "base" means).
 *
 * <p>Service and hub product interactions happen inside hub sessions: each {@code hub_opened}
 * session carries on average {@code service / hubOpened} service events and
 * {@code hubProduct / hubOpened} product interactions, so they need {@code hubOpened > 0}.
 *
 * @param hubOpened  hub sessions ({@code hub_opened}) per account per day
 * @param service    {@code service} interactions per account per day
 * @param hubProduct {@code hub_product} interactions per account per day; some lead to an order
 * @param order      orders per account per day, besides those that follow a hub product interaction
 * @param refund     share of purchases refunded (wholly or in part) 1 to 45 days later, 0–1
 * @param consent    {@code consent} changes per account per day
 * @param contact    {@code contact} changes per account per day
 */
public record EventRates(double hubOpened, double service, double hubProduct, double order, double refund,
                         double consent, double contact) {
    private static final EventRates DEFAULTS = new EventRates(0.11, 0.026, 0.044, 0.004, 0.06, 0.0006, 0.0004);

    public EventRates {
        check(hubOpened, "rate_hub_opened");
        check(service, "rate_service");
        check(hubProduct, "rate_hub_product");
        check(order, "rate_order");
        check(consent, "rate_consent");
        check(contact, "rate_contact");
        if (!(refund >= 0 && refund <= 1)) {
            throw new InvalidRequestException("refund share must be 0-1, got " + refund, "refund_share");
        }
        if (hubOpened == 0 && (service > 0 || hubProduct > 0)) {
            throw new InvalidRequestException("service and hub_product interactions happen in hub sessions: "
                    + "they need a hub_opened rate above 0", "rate_hub_opened");
        }
    }

    /**
     * hub_opened 0.11, service 0.026, hub_product 0.044, order 0.004 per account per day; 6% of
     * purchases refunded; consent 0.0006 and contact 0.0004 changes per account per day. With
     * churn, seasons and signups spread over the window, the full profile realises about 0.05
     * {@code hub_opened} per account per day.
     */
    public static EventRates defaults() {
        return DEFAULTS;
    }

    public EventRates withHubOpened(double rate) {
        return new EventRates(rate, service, hubProduct, order, refund, consent, contact);
    }

    public EventRates withService(double rate) {
        return new EventRates(hubOpened, rate, hubProduct, order, refund, consent, contact);
    }

    public EventRates withHubProduct(double rate) {
        return new EventRates(hubOpened, service, rate, order, refund, consent, contact);
    }

    public EventRates withOrder(double rate) {
        return new EventRates(hubOpened, service, hubProduct, rate, refund, consent, contact);
    }

    public EventRates withRefund(double share) {
        return new EventRates(hubOpened, service, hubProduct, order, share, consent, contact);
    }

    public EventRates withConsent(double rate) {
        return new EventRates(hubOpened, service, hubProduct, order, refund, rate, contact);
    }

    public EventRates withContact(double rate) {
        return new EventRates(hubOpened, service, hubProduct, order, refund, consent, rate);
    }

    private static void check(double rate, String param) {
        // a base rate above 50 a day per account is a typo, and would make the Poisson draws slow
        if (!(rate >= 0 && rate <= 50)) {
            throw new InvalidRequestException(param.replace('_', ' ') + " must be 0-50 events per account per day, got "
                    + rate, param);
        }
    }
}
