package io.daybit.engine.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.EventType;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ProductAction;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;
import io.daybit.engine.model.WireName;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one JSON object into an {@link Event}, strictly (METRICS.md §2): fields of the wrong
 * JSON type, unknown names of types, actions and channels, and missing required fields reject the
 * event with a reason that names them. Unknown fields are ignored; {@code null} means absent.
 *
 * <p>The object is read once with Jackson's streaming parser. Fields may come in any order, so
 * values are captured first and interpreted once the type is known: a field that the type does not
 * use is never an error. Not thread-safe: use one decoder per thread.
 */
public final class EventDecoder {
    private final Scalar type = new Scalar("type");
    private final Scalar account = new Scalar("account");
    private final Scalar ts = new Scalar("ts");
    private final Scalar id = new Scalar("id");
    private final Scalar channel = new Scalar("channel");
    private final Scalar valid = new Scalar("valid");
    private final Scalar granted = new Scalar("granted");
    private final Scalar action = new Scalar("action");
    private final Scalar product = new Scalar("product");
    private final Scalar orderId = new Scalar("order_id");
    private final Scalar store = new Scalar("store");
    private final Scalar signedIn = new Scalar("signed_in");
    private final Scalar[] scalars = {type, account, ts, id, channel, valid, granted, action, product, orderId,
        store, signedIn};

    private Set<Channel> contacts;
    private String contactsError;
    private Map<Channel, Boolean> consents;
    private String consentsError;
    private List<OrderLine> lines;
    private String linesError;

    /**
     * Reads the JSON value at the parser's current token (which must be the first token of the
     * value) and decodes it. On return the parser is at the value's last token.
     *
     * @throws InvalidEventException when the value is not a valid event
     * @throws IOException           when the JSON itself is malformed
     */
    public Event decode(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new InvalidEventException("an event must be a JSON object");
        }
        reset();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "contacts" -> readContacts(p, v);
                case "consents" -> readConsents(p, v);
                case "lines" -> readLines(p, v);
                default -> {
                    Scalar s = scalarNamed(name);
                    if (s == null) {
                        p.skipChildren();
                    } else {
                        s.capture(p, v);
                    }
                }
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new InvalidEventException("malformed event object");
        }
        return build();
    }

    private Scalar scalarNamed(String name) {
        for (Scalar s : scalars) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        return null;
    }

    private void reset() {
        for (Scalar s : scalars) {
            s.reset();
        }
        contacts = null;
        contactsError = null;
        consents = null;
        consentsError = null;
        lines = null;
        linesError = null;
    }

    private Event build() {
        String typeName = type.requireString();
        EventType eventType = EventType.fromWire(typeName);
        if (eventType == null) {
            throw new InvalidEventException("unknown type '" + typeName + "' (allowed: "
                    + WireName.allowed(EventType.class) + ")");
        }
        String acc = account.requireString();
        int cps = acc.codePointCount(0, acc.length());
        if (cps < 1 || cps > Event.MAX_ACCOUNT_CODE_POINTS) {
            throw new InvalidEventException("field 'account' must be 1-128 characters, got " + cps);
        }
        long micros = ts.requireTimestamp();
        String traceId = id.optionalString();
        try {
            return switch (eventType) {
                case ACCOUNT_CREATED -> {
                    if (contactsError != null) {
                        throw new InvalidEventException(contactsError);
                    }
                    if (consentsError != null) {
                        throw new InvalidEventException(consentsError);
                    }
                    yield new AccountCreated(acc, micros, traceId, contacts, consents);
                }
                case CONTACT -> new ContactChanged(acc, micros, traceId, channel.requireChannel(),
                        valid.requireBoolean());
                case CONSENT -> new ConsentChanged(acc, micros, traceId, channel.requireChannel(),
                        granted.requireBoolean());
                case HUB_OPENED -> new HubOpened(acc, micros, traceId);
                case SERVICE -> new ServiceInteraction(acc, micros, traceId,
                        action.requireEnum(ServiceAction.class, "service action"));
                case HUB_PRODUCT -> new HubProductInteraction(acc, micros, traceId, product.requireString(),
                        action.requireEnum(ProductAction.class, "hub_product action"));
                case ORDER -> buildOrder(acc, micros, traceId);
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage());
        }
    }

    private Order buildOrder(String acc, long micros, String traceId) {
        String oid = orderId.requireString();
        SalesChannel sales = channel.isAbsent() ? SalesChannel.WEB
                : channel.requireEnum(SalesChannel.class, "order channel");
        String storeName = store.optionalString();
        boolean signed = !signedIn.isAbsent() && signedIn.requireBoolean();
        if (linesError != null) {
            throw new InvalidEventException(linesError);
        }
        if (lines == null) {
            throw new InvalidEventException("missing field 'lines'");
        }
        return new Order(acc, micros, traceId, oid, sales, storeName, signed, lines);
    }

    private void readContacts(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            contactsError = "field 'contacts' must be an array of channels, got " + describe(v);
            return;
        }
        Set<Channel> set = EnumSet.noneOf(Channel.class);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                p.skipChildren();
                contactsError = "field 'contacts' must hold channel names, got " + describe(t);
                continue;
            }
            Channel c = Channel.fromWire(p.getText());
            if (c == null) {
                contactsError = "unknown channel '" + p.getText() + "' in field 'contacts' (allowed: email, sms, push)";
            } else {
                set.add(c);
            }
        }
        contacts = set;
    }

    private void readConsents(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            consentsError = "field 'consents' must be an object of channel to boolean, got " + describe(v);
            return;
        }
        Map<Channel, Boolean> map = new EnumMap<>(Channel.class);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            Channel c = Channel.fromWire(key);
            if (c == null) {
                p.skipChildren();
                consentsError = "unknown channel '" + key + "' in field 'consents' (allowed: email, sms, push)";
            } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                map.put(c, t == JsonToken.VALUE_TRUE);
            } else if (t != JsonToken.VALUE_NULL) {
                p.skipChildren();
                consentsError = "field 'consents." + key + "' must be a boolean, got " + describe(t);
            }
        }
        consents = map;
    }

    private void readLines(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            linesError = "field 'lines' must be an array of order lines, got " + describe(v);
            return;
        }
        List<OrderLine> list = new ArrayList<>(4);
        JsonToken t;
        int index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            index++;
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                setLineError("lines[" + index + "] must be an object, got " + describe(t));
                continue;
            }
            OrderLine line = readLine(p, index);
            if (line != null) {
                list.add(line);
            }
        }
        if (list.isEmpty() && linesError == null) {
            linesError = "field 'lines' must hold at least one line";
        }
        lines = list;
    }

    private void setLineError(String error) {
        if (linesError == null) {
            linesError = error;
        }
    }

    private OrderLine readLine(JsonParser p, int index) throws IOException {
        String prod = null;
        long quantity = 0;
        long amount = 0;
        long discount = 0;
        boolean viaHub = false;
        boolean hasQuantity = false;
        boolean hasAmount = false;
        String error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "product" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        prod = p.getText();
                    } else {
                        error = lineField(index, "product") + " must be a string, got " + describe(t);
                        p.skipChildren();
                    }
                }
                case "quantity", "amount", "discount" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        error = lineField(index, name) + " must be an integer, got " + describe(t) + valueText(p, t);
                        p.skipChildren();
                    } else if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        error = lineField(index, name) + " " + p.getText() + " does not fit a 64-bit integer";
                    } else {
                        long value = p.getLongValue();
                        switch (name) {
                            case "quantity" -> {
                                quantity = value;
                                hasQuantity = true;
                            }
                            case "amount" -> {
                                amount = value;
                                hasAmount = true;
                            }
                            default -> {
                                if (value < 0) {
                                    error = lineField(index, "discount") + " must not be negative, got " + value;
                                }
                                discount = value;
                            }
                        }
                    }
                }
                case "via_hub" -> {
                    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                        viaHub = t == JsonToken.VALUE_TRUE;
                    } else {
                        error = lineField(index, "via_hub") + " must be a boolean, got " + describe(t);
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (error == null && prod == null) {
            error = "missing field " + lineField(index, "product");
        }
        if (error == null && !hasQuantity) {
            error = "missing field " + lineField(index, "quantity");
        }
        if (error == null && !hasAmount) {
            error = "missing field " + lineField(index, "amount");
        }
        if (error != null) {
            setLineError(error);
            return null;
        }
        return new OrderLine(prod, quantity, amount, discount, viaHub);
    }

    private static String lineField(int index, String name) {
        return "'lines[" + index + "]." + name + "'";
    }

    static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String valueText(JsonParser p, JsonToken t) throws IOException {
        return t.isScalarValue() ? " '" + p.getText() + "'" : "";
    }

    /** One captured scalar field: its token and text, interpreted once the event type is known. */
    private static final class Scalar {
        final String name;
        JsonToken token;
        String text;
        long longValue;
        boolean bigInteger;

        Scalar(String name) {
            this.name = name;
        }

        void reset() {
            token = null;
            text = null;
        }

        void capture(JsonParser p, JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_NULL) {
                reset();
                return;
            }
            token = v;
            if (v.isScalarValue()) {
                text = p.getText();
                if (v == JsonToken.VALUE_NUMBER_INT) {
                    bigInteger = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
                    longValue = bigInteger ? 0 : p.getLongValue();
                }
            } else {
                text = null;
                p.skipChildren();
            }
        }

        boolean isAbsent() {
            return token == null;
        }

        private InvalidEventException wrongType(String expected) {
            return new InvalidEventException("field '" + name + "' must be " + expected + ", got " + describe(token)
                    + (text != null ? " '" + text + "'" : ""));
        }

        String requireString() {
            if (token == null) {
                throw new InvalidEventException("missing field '" + name + "'");
            }
            if (token != JsonToken.VALUE_STRING) {
                throw wrongType("a string");
            }
            return text;
        }

        String optionalString() {
            if (token == null) {
                return null;
            }
            if (token != JsonToken.VALUE_STRING) {
                throw wrongType("a string");
            }
            return text;
        }

        boolean requireBoolean() {
            if (token == null) {
                throw new InvalidEventException("missing field '" + name + "'");
            }
            if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                throw wrongType("a boolean");
            }
            return token == JsonToken.VALUE_TRUE;
        }

        Channel requireChannel() {
            String wire = requireString();
            Channel c = Channel.fromWire(wire);
            if (c == null) {
                throw new InvalidEventException("unknown channel '" + wire + "' (allowed: email, sms, push)");
            }
            return c;
        }

        <E extends Enum<E> & WireName> E requireEnum(Class<E> type, String what) {
            String wire = requireString();
            E e = WireName.lookup(type, wire);
            if (e == null) {
                throw new InvalidEventException("unknown " + what + " '" + wire + "' (allowed: "
                        + WireName.allowed(type) + ")");
            }
            return e;
        }

        long requireTimestamp() {
            if (token == null) {
                throw new InvalidEventException("missing field 'ts'");
            }
            if (token == JsonToken.VALUE_STRING) {
                return TimestampParser.parseIsoMicros(text);
            }
            if (token == JsonToken.VALUE_NUMBER_INT && !bigInteger) {
                return TimestampParser.epochMillisToMicros(longValue);
            }
            throw new InvalidEventException("field 'ts' must be an ISO 8601 timestamp with an offset "
                    + "or an integer of epoch milliseconds, got " + describe(token)
                    + (text != null ? " '" + text + "'" : ""));
        }
    }
}
