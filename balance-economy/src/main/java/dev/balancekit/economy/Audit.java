package dev.balancekit.economy;

import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The audit rows of {@code bk_eco_events}: written in each operation's transaction, read in pages.
 */
final class Audit {
  private static final String COLUMNS =
      "id, namespace, at, action, actor, actor_name, account, account_name,"
          + " counterparty, counterparty_name, amount, tax, balance_before, balance_after, reason, transfer_id, detail";
  static final String CSV_HEADER =
      "id,namespace,at,action,actor_id,actor_name,account_id,account_name,"
          + "counterparty_id,counterparty_name,amount,tax,balance_before,balance_after,reason,transfer_id,detail";

  private Audit() {}

  /** One audit row being put together; {@link #save()} writes it. */
  static final class Draft {
    private final Session s;
    private final AuditEvent.Action action;
    private final Member actor;
    private @Nullable Member account;
    private @Nullable Member counterparty;
    private @Nullable BigDecimal amount;
    private @Nullable BigDecimal tax;
    private @Nullable BigDecimal before;
    private @Nullable BigDecimal after;
    private @Nullable String reason;
    private @Nullable String transferId;
    private @Nullable String detail;

    Draft(Session s, AuditEvent.Action action, Member actor) {
      this.s = s;
      this.action = action;
      this.actor = actor;
    }

    Draft account(Member value) {
      this.account = value;
      return this;
    }

    Draft counterparty(Member value) {
      this.counterparty = value;
      return this;
    }

    Draft amount(BigDecimal value) {
      this.amount = value;
      return this;
    }

    Draft tax(BigDecimal value) {
      this.tax = value;
      return this;
    }

    Draft balances(BigDecimal beforeValue, BigDecimal afterValue) {
      this.before = beforeValue;
      this.after = afterValue;
      return this;
    }

    Draft reason(@Nullable String value) {
      this.reason = value;
      return this;
    }

    Draft transfer(@Nullable String value) {
      this.transferId = value;
      return this;
    }

    Draft detail(@Nullable String value) {
      this.detail = value;
      return this;
    }

    AuditEvent save() throws SQLException {
      long micros = Session.micros(s.now);
      try (PreparedStatement ps =
          s.tx
              .connection()
              .prepareStatement(
                  "INSERT INTO bk_eco_events ("
                      + COLUMNS.substring("id, ".length())
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
        Tables.bind(
            ps,
            s.namespace,
            micros,
            action.code(),
            actor.id(),
            actor.displayName(),
            id(account),
            name(account),
            id(counterparty),
            name(counterparty),
            units(amount),
            units(tax),
            units(before),
            units(after),
            reason,
            transferId,
            detail);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new AuditEvent(
              rs.getLong(1),
              s.namespace,
              Session.instant(micros),
              action,
              actor.id(),
              actor.displayName(),
              id(account),
              name(account),
              id(counterparty),
              name(counterparty),
              amount,
              tax,
              before,
              after,
              reason,
              transferId,
              detail);
        }
      }
    }

    private @Nullable Long units(@Nullable BigDecimal value) {
      return value == null ? null : s.units(value);
    }

    private static @Nullable String id(@Nullable Member m) {
      return m == null ? null : m.id();
    }

    private static @Nullable String name(@Nullable Member m) {
      return m == null ? null : m.displayName();
    }
  }

  /**
   * Rows after {@code afterId}, oldest first: all of the namespace's, or, with {@code userId},
   * those where the member acted, was the account or the counterparty.
   */
  static List<AuditEvent> page(Session s, @Nullable String userId, long afterId, int limit)
      throws SQLException {
    String only = userId == null ? "" : userId;
    List<AuditEvent> events = new ArrayList<>();
    try (PreparedStatement ps =
        s.tx
            .connection()
            .prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM bk_eco_events"
                    + " WHERE namespace = ? AND id > ? AND (? = '' OR account = ? OR counterparty = ? OR actor = ?)"
                    + " ORDER BY id LIMIT ?")) {
      Tables.bind(ps, s.namespace, afterId, only, only, only, only, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(read(rs, s.asset));
        }
      }
    }
    return events;
  }

  /** The completed send that made ledger transfer {@code transferId}. */
  static Optional<AuditEvent> send(Session s, String transferId) throws SQLException {
    try (PreparedStatement ps =
        s.tx
            .connection()
            .prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM bk_eco_events"
                    + " WHERE namespace = ? AND transfer_id = ? AND action = ?")) {
      Tables.bind(ps, s.namespace, transferId, AuditEvent.Action.SEND.code());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs, s.asset)) : Optional.empty();
      }
    }
  }

  private static AuditEvent read(ResultSet rs, Asset asset) throws SQLException {
    return new AuditEvent(
        rs.getLong(1),
        rs.getString(2),
        Session.instant(rs.getLong(3)),
        AuditEvent.Action.ofCode(rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        money(rs, 11, asset),
        money(rs, 12, asset),
        money(rs, 13, asset),
        money(rs, 14, asset),
        rs.getString(15),
        rs.getString(16),
        rs.getString(17));
  }

  private static @Nullable BigDecimal money(ResultSet rs, int column, Asset asset)
      throws SQLException {
    long units = Tables.longOrNever(rs, column);
    return units == UserState.NEVER ? null : asset.fromUnits(units);
  }

  /** {@code event} as one CSV record of {@link #CSV_HEADER}'s columns. */
  static void csv(Appendable out, AuditEvent e) {
    Csv.line(
        out,
        Long.toString(e.id()),
        e.namespace(),
        e.at().toString(),
        e.action().code(),
        e.actorId(),
        e.actorName(),
        e.accountId(),
        e.accountName(),
        e.counterpartyId(),
        e.counterpartyName(),
        plain(e.amount()),
        plain(e.tax()),
        plain(e.balanceBefore()),
        plain(e.balanceAfter()),
        e.reason(),
        e.transferId(),
        e.detail());
  }

  private static @Nullable String plain(@Nullable BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }
}
