package io.daybit.engine.persist;

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

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compact binary form of an event in the log. Smaller and several times faster to write and
 * read back than NDJSON, and exact: instants keep their microseconds, and an
 * {@code account_created} keeps the difference between a consent given as {@code false} and one
 * not given.
 *
 * <pre>
 * event   := type:u8  account:str  ts:i64  id:str?  fields
 * fields  := account_created: contacts:u8 (bit per channel)  consentGiven:u8  consentGranted:u8
 *            contact:         channel:u8  valid:bool
 *            consent:         channel:u8  granted:bool
 *            hub_opened:      (none)
 *            service:         action:u8
 *            hub_product:     product:str  action:u8
 *            order:           orderId:str  channel:u8  store:str?  signedIn:bool  lines:varint line*
 * line    := product:str  quantity:zigzag  amount:zigzag  discount:zigzag  viaHub:bool
 * </pre>
 *
 * Codes are the positions in the tables below, which are part of the format: reordering an enum
 * in the model does not change what is on disk.
 */
final class EventCodec {
    private static final EventType[] TYPES = {EventType.ACCOUNT_CREATED, EventType.CONTACT, EventType.CONSENT,
        EventType.HUB_OPENED, EventType.SERVICE, EventType.HUB_PRODUCT, EventType.ORDER};
    private static final Channel[] CHANNELS = {Channel.EMAIL, Channel.SMS, Channel.PUSH};
    private static final ServiceAction[] SERVICE_ACTIONS = {ServiceAction.ORDER_TRACKED, ServiceAction.RETURN_STARTED,
        ServiceAction.COUPON_APPLIED, ServiceAction.HELP_CLICKED, ServiceAction.CHAT_STARTED};
    private static final ProductAction[] PRODUCT_ACTIONS = {ProductAction.CLICK, ProductAction.ADD_TO_CART,
        ProductAction.BUY_AGAIN};
    private static final SalesChannel[] SALES_CHANNELS = {SalesChannel.WEB, SalesChannel.STORE};

    private static final int[] TYPE_CODE = codes(TYPES);
    private static final int[] CHANNEL_CODE = codes(CHANNELS);
    private static final int[] SERVICE_CODE = codes(SERVICE_ACTIONS);
    private static final int[] PRODUCT_CODE = codes(PRODUCT_ACTIONS);
    private static final int[] SALES_CODE = codes(SALES_CHANNELS);

    private EventCodec() {
    }

    private static <E extends Enum<E>> int[] codes(E[] table) {
        int[] byOrdinal = new int[table[0].getDeclaringClass().getEnumConstants().length];
        if (byOrdinal.length != table.length) {
            throw new IllegalStateException(table[0].getDeclaringClass().getSimpleName()
                    + " has constants the log format does not know");
        }
        for (int code = 0; code < table.length; code++) {
            byOrdinal[table[code].ordinal()] = code;
        }
        return byOrdinal;
    }

    static void write(BinaryWriter w, Event e) {
        w.putByte(TYPE_CODE[e.type().ordinal()]);
        w.putString(e.account());
        w.putLong(e.tsMicros());
        w.putString(e.id());
        switch (e.type()) {
            case ACCOUNT_CREATED -> {
                AccountCreated a = (AccountCreated) e;
                int contacts = 0;
                int given = 0;
                int granted = 0;
                for (Channel c : CHANNELS) {
                    int bit = 1 << CHANNEL_CODE[c.ordinal()];
                    if (a.contacts().contains(c)) {
                        contacts |= bit;
                    }
                    Boolean g = a.consents().get(c);
                    if (g != null) {
                        given |= bit;
                        if (g) {
                            granted |= bit;
                        }
                    }
                }
                w.putByte(contacts);
                w.putByte(given);
                w.putByte(granted);
            }
            case CONTACT -> {
                ContactChanged c = (ContactChanged) e;
                w.putByte(CHANNEL_CODE[c.channel().ordinal()]);
                w.putBoolean(c.valid());
            }
            case CONSENT -> {
                ConsentChanged c = (ConsentChanged) e;
                w.putByte(CHANNEL_CODE[c.channel().ordinal()]);
                w.putBoolean(c.granted());
            }
            case HUB_OPENED -> {
                // nothing beyond the common fields
            }
            case SERVICE -> w.putByte(SERVICE_CODE[((ServiceInteraction) e).action().ordinal()]);
            case HUB_PRODUCT -> {
                HubProductInteraction h = (HubProductInteraction) e;
                w.putString(h.product());
                w.putByte(PRODUCT_CODE[h.action().ordinal()]);
            }
            case ORDER -> {
                Order o = (Order) e;
                w.putString(o.orderId());
                w.putByte(SALES_CODE[o.channel().ordinal()]);
                w.putString(o.store());
                w.putBoolean(o.signedIn());
                List<OrderLine> lines = o.lines();
                w.putVarint(lines.size());
                for (int i = 0, n = lines.size(); i < n; i++) {
                    OrderLine l = lines.get(i);
                    w.putString(l.product());
                    w.putZigZag(l.quantity());
                    w.putZigZag(l.amount());
                    w.putZigZag(l.discount());
                    w.putBoolean(l.viaHub());
                }
            }
        }
    }

    /**
     * Reads one event.
     *
     * @throws CorruptDataException when the bytes are not an event this version writes
     */
    static Event read(BinaryReader r) {
        EventType type = code(TYPES, r.getByte(), "event type");
        String account = r.getString();
        long ts = r.getLong();
        String id = r.getString();
        try {
            switch (type) {
                case ACCOUNT_CREATED: {
                    int contacts = r.getByte();
                    int given = r.getByte();
                    int granted = r.getByte();
                    Set<Channel> contactSet = EnumSet.noneOf(Channel.class);
                    Map<Channel, Boolean> consents = new EnumMap<>(Channel.class);
                    for (int code = 0; code < CHANNELS.length; code++) {
                        int bit = 1 << code;
                        if ((contacts & bit) != 0) {
                            contactSet.add(CHANNELS[code]);
                        }
                        if ((given & bit) != 0) {
                            consents.put(CHANNELS[code], (granted & bit) != 0);
                        }
                    }
                    return new AccountCreated(account, ts, id, contactSet, consents);
                }
                case CONTACT:
                    return new ContactChanged(account, ts, id, code(CHANNELS, r.getByte(), "channel"), r.getBoolean());
                case CONSENT:
                    return new ConsentChanged(account, ts, id, code(CHANNELS, r.getByte(), "channel"), r.getBoolean());
                case HUB_OPENED:
                    return new HubOpened(account, ts, id);
                case SERVICE:
                    return new ServiceInteraction(account, ts, id, code(SERVICE_ACTIONS, r.getByte(), "action"));
                case HUB_PRODUCT: {
                    String product = r.getString();
                    return new HubProductInteraction(account, ts, id, product,
                            code(PRODUCT_ACTIONS, r.getByte(), "action"));
                }
                case ORDER: {
                    String orderId = r.getString();
                    SalesChannel channel = code(SALES_CHANNELS, r.getByte(), "sales channel");
                    String store = r.getString();
                    boolean signedIn = r.getBoolean();
                    int n = r.getCount(5);
                    List<OrderLine> lines = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        lines.add(new OrderLine(r.getString(), r.getZigZag(), r.getZigZag(), r.getZigZag(),
                                r.getBoolean()));
                    }
                    return new Order(account, ts, id, orderId, channel, store, signedIn, lines);
                }
                default:
                    throw new CorruptDataException("event type " + type);
            }
        } catch (IllegalArgumentException | NullPointerException invalid) {
            throw new CorruptDataException("invalid event: " + invalid.getMessage());
        }
    }

    private static <E> E code(E[] table, int code, String what) {
        if (code >= table.length) {
            throw new CorruptDataException("unknown " + what + " code " + code);
        }
        return table[code];
    }
}
