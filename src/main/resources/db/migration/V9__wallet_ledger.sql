-- The wallet: a prepaid balance per buyer and currency, kept as a double-entry ledger in integer minor units.
--
-- ledger_accounts: a buyer's wallet ('wallet', owner = user id) or a system account ('provider_clearing' per
-- provider, 'revenue', 'adjustment'; owner = provider code or ''). Every account has a currency; a posting moves
-- money of that currency only. Sign convention: a posting's amount is what it adds to the account's balance, so
-- a wallet's balance is what we owe its owner, and the system accounts hold the other side (they go negative).
CREATE TABLE ledger_accounts (
    id          BIGSERIAL    PRIMARY KEY,
    kind        VARCHAR(20)  NOT NULL CHECK (kind IN ('wallet', 'provider_clearing', 'revenue', 'adjustment')),
    owner       VARCHAR(255) NOT NULL,
    currency    VARCHAR(3)   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- The running balance, kept for wallet accounts only (system accounts would be one hot row for every
    -- payment; their balance is the sum of their postings). It moves only through the postings trigger below.
    balance     BIGINT       NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (kind, owner, currency),
    CONSTRAINT wallet_balance_not_negative CHECK (kind <> 'wallet' OR balance >= 0),
    CONSTRAINT system_accounts_keep_no_balance CHECK (kind = 'wallet' OR balance = 0)
);

-- One movement of money: a journal entry with two or more postings that sum to zero.
CREATE TABLE journal_entries (
    id               BIGSERIAL    PRIMARY KEY,
    -- Exactly once: the same cause (a top-up's order, a purchase's order, a renewal's charge, an admin's request
    -- key) always derives the same key, and a second insert with it changes nothing.
    idempotency_key  VARCHAR(300) NOT NULL UNIQUE,
    kind             VARCHAR(20)  NOT NULL CHECK (kind IN ('topup', 'purchase', 'renewal', 'refund', 'topup_refund', 'adjustment')),
    -- The wallet the entry moves (every entry moves exactly one wallet) and by how much (signed, as its posting).
    user_id          VARCHAR(255) NOT NULL,
    currency         VARCHAR(3)   NOT NULL,
    wallet_amount    BIGINT       NOT NULL CHECK (wallet_amount <> 0),
    order_id         UUID,
    charge_id        UUID,
    actor            VARCHAR(300),
    reason           VARCHAR(1000),
    created_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX journal_entries_statement ON journal_entries (user_id, id DESC);

CREATE TABLE postings (
    id             BIGSERIAL PRIMARY KEY,
    entry_id       BIGINT    NOT NULL REFERENCES journal_entries (id),
    account_id     BIGINT    NOT NULL REFERENCES ledger_accounts (id),
    amount         BIGINT    NOT NULL CHECK (amount <> 0),
    -- The wallet's balance right after this posting (null for system accounts).
    balance_after  BIGINT,
    UNIQUE (entry_id, account_id)
);
CREATE INDEX postings_by_account ON postings (account_id, id);

-- Entries and postings are never changed or removed: a mistake is corrected by another entry.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is insert-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER journal_entries_insert_only BEFORE UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER postings_insert_only BEFORE UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- A posting moves its wallet's running balance in the same statement, under the row lock of that UPDATE: two
-- transactions debiting one wallet queue there, and the second sees the first's balance. A debit the balance
-- cannot cover fails wallet_balance_not_negative, which rolls the whole transaction back.
CREATE FUNCTION postings_move_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    account_kind VARCHAR(20);
    account_currency VARCHAR(3);
    entry_currency VARCHAR(3);
BEGIN
    SELECT kind, currency INTO account_kind, account_currency FROM ledger_accounts WHERE id = NEW.account_id;
    SELECT currency INTO entry_currency FROM journal_entries WHERE id = NEW.entry_id;
    IF account_currency <> entry_currency THEN
        RAISE EXCEPTION 'posting in % to a % account', entry_currency, account_currency USING ERRCODE = '23514';
    END IF;
    IF account_kind = 'wallet' THEN
        UPDATE ledger_accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id
            RETURNING balance INTO NEW.balance_after;
    ELSE
        NEW.balance_after := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER postings_move_balance BEFORE INSERT ON postings
    FOR EACH ROW EXECUTE FUNCTION postings_move_balance();

-- The running balance changes only through a posting (the trigger above runs at depth 2 here).
CREATE FUNCTION ledger_accounts_balance_by_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.balance IS DISTINCT FROM OLD.balance AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'a balance moves only by a posting' USING ERRCODE = 'P0001';
    END IF;
    IF NEW.kind <> OLD.kind OR NEW.owner <> OLD.owner OR NEW.currency <> OLD.currency THEN
        RAISE EXCEPTION 'an account keeps its kind, owner and currency' USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_accounts_balance_by_postings BEFORE UPDATE ON ledger_accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_accounts_balance_by_postings();
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE OR TRUNCATE ON ledger_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- At commit: every entry written in the transaction has at least two postings, they sum to zero, and the wallet
-- posting is the entry's wallet_amount.
CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry_id_checked BIGINT;
    total BIGINT;
    n INT;
    wallet_total BIGINT;
    expected BIGINT;
BEGIN
    IF TG_TABLE_NAME = 'postings' THEN
        entry_id_checked := NEW.entry_id;
    ELSE
        entry_id_checked := NEW.id;
    END IF;
    SELECT coalesce(sum(p.amount), 0), count(*),
           coalesce(sum(p.amount) FILTER (WHERE a.kind = 'wallet'), 0)
      INTO total, n, wallet_total
      FROM postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.entry_id = entry_id_checked;
    SELECT wallet_amount INTO expected FROM journal_entries WHERE id = entry_id_checked;
    IF n < 2 OR total <> 0 OR wallet_total <> expected THEN
        RAISE EXCEPTION 'journal entry % is unbalanced (% postings, sum %, wallet % of %)',
            entry_id_checked, n, total, wallet_total, expected USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();
CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();

-- A top-up is an order of its own kind: it credits the wallet instead of granting a product or plan.
ALTER TABLE orders ADD COLUMN kind VARCHAR(20) NOT NULL DEFAULT 'purchase' CHECK (kind IN ('purchase', 'topup'));
