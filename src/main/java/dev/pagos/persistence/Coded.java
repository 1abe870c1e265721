package dev.pagos.persistence;

/** A value the database stores as a code of its own (a provider as "paypal") rather than as an enum's name. */
public interface Coded {

    String code();
}
