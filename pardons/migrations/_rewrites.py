"""What the derived tables' trigger migrations share (0006 decree tallies, 0008 pardoned people): each statement
rewrites the rows of the keys it touched, under a lock per key. A module the migration loader skips (leading "_")."""

EVENTS = (
    ("INSERT", "NEW TABLE AS new_rows"),
    ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("DELETE", "OLD TABLE AS old_rows"),
)


def lock_keys(table: str, keys: str) -> str:
    """PL/pgSQL: one rewrite of a key at a time (a concurrent writer's is waited for, and the statements after this,
    each with a new snapshot, see what it committed); a bulk statement locks the whole table instead, as a lock per
    key would overflow PostgreSQL's lock table."""
    return f"""
            IF cardinality({keys}) > 1000 THEN
                LOCK TABLE {table} IN EXCLUSIVE MODE;
            ELSE
                PERFORM pg_advisory_xact_lock(hashtext('{table}'), (k % 2147483647)::int) FROM unnest({keys}) k ORDER BY k;
            END IF;"""


def on_write(name: str, rewrite: str) -> str:
    """A statement trigger function calling `rewrite(keys)` with the keys its argument selects over the transition
    rows (%1$s: new rows, old rows, or both for an UPDATE)."""
    keys = "SELECT array_agg(DISTINCT id) FROM (' || TG_ARGV[0] || ') ids(id) WHERE id IS NOT NULL"
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $f$
        DECLARE keys bigint[];
        BEGIN
            EXECUTE format('{keys}', CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END) INTO keys;
            IF TG_OP = 'UPDATE' THEN
                EXECUTE format('SELECT array_agg(DISTINCT id) FROM (SELECT unnest($1) UNION ' || TG_ARGV[0]
                    || ') ids(id) WHERE id IS NOT NULL', 'old_rows') INTO keys USING keys;
            END IF;
            PERFORM {rewrite}(keys);
            RETURN NULL;
        END $f$;
    """


def write_triggers(prefix: str, table: str, function: str, keys: str) -> list[str]:
    """CREATE TRIGGER statements for INSERT, UPDATE and DELETE on `table`, passing `keys` (a SELECT over %1$s)."""
    argument = "'" + keys.replace("'", "''") + "'"
    return [
        f"CREATE TRIGGER {prefix}_{event.lower()} AFTER {event} ON {table} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}({argument})"
        for event, referencing in EVENTS
    ]


def on_change(name: str, rewrite: str, columns: str, keys: str) -> str:
    """An UPDATE statement trigger function calling `rewrite(keys)` for the rows whose `columns` changed (EXCEPT:
    linear in the statement's rows; other updates rewrite nothing). `keys` selects the keys of the changed ids,
    which it reads as {changed}."""
    changed = f"SELECT id FROM (SELECT {columns} FROM new_rows EXCEPT SELECT {columns} FROM old_rows) changed"
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            PERFORM {rewrite}((SELECT array_agg(DISTINCT k) FROM ({keys.format(changed=changed)}) touched(k)));
            RETURN NULL;
        END $f$;
    """


def on_everything(name: str, rewrite: str, keys: str, before: str = "") -> str:
    """A statement trigger function (for TRUNCATE) that rewrites every key `keys` selects, after `before`."""
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            {before}
            PERFORM {rewrite}((SELECT array_agg(DISTINCT k) FROM ({keys}) every(k)));
            RETURN NULL;
        END $f$;
    """
