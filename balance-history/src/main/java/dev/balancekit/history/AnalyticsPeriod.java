package dev.balancekit.history;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * A half-open UTC range {@code [from, to)} for analytics: a calendar day, an ISO week (Monday to
 * Monday), a month, a year, or a custom range.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type which kind of period this is
 * @param from first instant included
 * @param to first instant excluded
 */
public record AnalyticsPeriod(Type type, Instant from, Instant to) {

  /** The kind of period. */
  public enum Type {
    DAILY,
    WEEKLY,
    MONTHLY,
    YEARLY,
    CUSTOM
  }

  /**
   * @throws IllegalArgumentException if an argument is null or {@code to} is not after {@code from}
   */
  public AnalyticsPeriod {
    if (type == null || from == null || to == null) {
      throw new IllegalArgumentException(
          "type, from and to must not be null, but were type="
              + type
              + ", from="
              + from
              + ", to="
              + to);
    }
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "to must be after from, but was from=" + from + ", to=" + to);
    }
  }

  /** The UTC day {@code day}. @throws IllegalArgumentException if {@code day} is null */
  public static AnalyticsPeriod day(LocalDate day) {
    LocalDate d = require("day", day);
    return new AnalyticsPeriod(Type.DAILY, start(d), start(d.plusDays(1)));
  }

  /**
   * The ISO week (Monday 00:00 UTC to the next Monday) containing {@code day}. @throws
   * IllegalArgumentException if null
   */
  public static AnalyticsPeriod week(LocalDate day) {
    LocalDate monday = require("day", day).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return new AnalyticsPeriod(Type.WEEKLY, start(monday), start(monday.plusWeeks(1)));
  }

  /**
   * The UTC calendar month {@code month}. @throws IllegalArgumentException if {@code month} is null
   */
  public static AnalyticsPeriod month(YearMonth month) {
    YearMonth m = require("month", month);
    return new AnalyticsPeriod(Type.MONTHLY, start(m.atDay(1)), start(m.plusMonths(1).atDay(1)));
  }

  /**
   * The UTC calendar year {@code year}. @throws IllegalArgumentException if {@code year} is null
   */
  public static AnalyticsPeriod year(Year year) {
    Year y = require("year", year);
    return new AnalyticsPeriod(Type.YEARLY, start(y.atDay(1)), start(y.plusYears(1).atDay(1)));
  }

  /**
   * The period of {@code type} that contains {@code instant} (UTC). @throws
   * IllegalArgumentException for CUSTOM or null
   */
  public static AnalyticsPeriod containing(Type type, Instant instant) {
    if (type == null || instant == null || type == Type.CUSTOM) {
      throw new IllegalArgumentException(
          "type must be DAILY, WEEKLY, MONTHLY or YEARLY and instant not null, but were "
              + type
              + ", "
              + instant);
    }
    LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
    return switch (type) {
      case DAILY -> day(day);
      case WEEKLY -> week(day);
      case MONTHLY -> month(YearMonth.from(day));
      default -> year(Year.from(day));
    };
  }

  /** The custom range {@code [from, to)}. @throws IllegalArgumentException as the constructor */
  public static AnalyticsPeriod between(Instant from, Instant to) {
    return new AnalyticsPeriod(Type.CUSTOM, from, to);
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static <T> T require(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return Objects.requireNonNull(value);
  }
}
