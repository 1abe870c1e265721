package dev.pagos.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Statements of the unit of work that {@link Transactions} is running on this Vert.x context: each call runs on
 * that unit's connection (inside its transaction, if it has one), so domain code passes no connection around.
 * <p>
 * Parameters are written {@code $1, $2, ...} and bound from Java values: an {@link Instant} as a
 * {@code timestamptz}, a {@link Coded} value as its code, any other enum as its name, a map as {@code jsonb}.
 * Rows are read back with the static readers below, which undo the same conversions.
 */
public final class Sql {

    static final String CONNECTION = "pagos.sql.connection";

    private Sql() {
    }

    /** Runs a statement and returns its rows (for INSERT/UPDATE/DELETE ... RETURNING, or any SELECT). */
    public static Uni<RowSet<Row>> execute(String sql, Object... params) {
        return client().preparedQuery(sql).execute(tuple(params));
    }

    /** Every row the query returns, mapped. */
    public static <T> Uni<List<T>> list(String sql, Function<Row, T> mapper, Object... params) {
        return execute(sql, params).map(rows -> {
            List<T> mapped = new ArrayList<>(rows.size());
            for (Row row : rows) {
                mapped.add(mapper.apply(row));
            }
            return mapped;
        });
    }

    /** The first row the query returns, mapped; null when there is none. */
    public static <T> Uni<T> first(String sql, Function<Row, T> mapper, Object... params) {
        return execute(sql, params).map(rows -> {
            var iterator = rows.iterator();
            return iterator.hasNext() ? mapper.apply(iterator.next()) : null;
        });
    }

    /** How many rows the statement changed. */
    public static Uni<Integer> update(String sql, Object... params) {
        return execute(sql, params).map(RowSet::rowCount);
    }

    /** The single number a {@code SELECT count(*) ...} answers. */
    public static Uni<Long> count(String sql, Object... params) {
        return execute(sql, params).map(rows -> rows.iterator().next().getLong(0));
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public static <E extends Enum<E>> E enumValue(Row row, String column, Class<E> type) {
        String name = row.getString(column);
        return name == null ? null : Enum.valueOf(type, name);
    }

    /**
     * A {@code jsonb} object column as plain, mutable Java values all the way down (maps, lists, strings, numbers,
     * booleans, nulls), so it compares equal to the same map built in Java.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(Row row, String column) {
        Object value = row.getValue(column);
        return value == null ? null : (Map<String, Object>) plain(value);
    }

    private static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            return plain(object.getMap());
        }
        if (value instanceof JsonArray array) {
            return plain(array.getList());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put((String) key, plain(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value;
    }

    /** A {@code jsonb} object column whose values are all strings. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> jsonStrings(Row row, String column) {
        Map<String, Object> map = json(row, column);
        if (map == null) {
            return null;
        }
        for (Object value : map.values()) {
            if (value != null && !(value instanceof String)) {
                throw new IllegalStateException(column + " holds a non-string value: " + value.getClass().getSimpleName());
            }
        }
        return (Map<String, String>) (Map<String, ?>) map;
    }

    static Tuple tuple(Object... params) {
        Tuple tuple = Tuple.tuple();
        for (Object param : params) {
            tuple.addValue(bindable(param));
        }
        return tuple;
    }

    @SuppressWarnings("unchecked")
    private static Object bindable(Object value) {
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Coded coded) {
            return coded.code();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Map<?, ?> map) {
            return new JsonObject((Map<String, Object>) map);
        }
        return value;
    }

    private static SqlClient client() {
        Context context = Vertx.currentContext();
        SqlClient client = context == null ? null : context.getLocal(CONNECTION);
        if (client == null) {
            throw new IllegalStateException("No unit of work on this context: run SQL inside Transactions");
        }
        return client;
    }
}
