package dev.balancekit.directory;

import dev.balancekit.AccountRef;
import dev.balancekit.spi.AccountDirectory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AccountDirectory} held in memory: for tests, demos and applications that load their
 * links at start. Thread-safe; reads never block on writes.
 */
public final class InMemoryAccountDirectory implements AccountDirectory {
  private final String name;
  private final Map<String, CopyOnWriteArrayList<AccountRef>> links = new ConcurrentHashMap<>();

  private InMemoryAccountDirectory(String name) {
    this.name = name;
  }

  /**
   * An empty directory.
   *
   * @throws IllegalArgumentException if {@code name} is null or blank
   */
  public static InMemoryAccountDirectory named(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be null or blank");
    }
    return new InMemoryAccountDirectory(name);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Links {@code account} to {@code owner}; linking it again changes nothing.
   *
   * @return whether the link is new
   * @throws IllegalArgumentException if {@code owner} is invalid or {@code account} null
   */
  public boolean link(String owner, AccountRef account) {
    AccountDirectory.checkOwner(owner);
    if (account == null) {
      throw new IllegalArgumentException("account linked to " + owner + " must not be null");
    }
    return links.computeIfAbsent(owner, o -> new CopyOnWriteArrayList<>()).addIfAbsent(account);
  }

  /**
   * Removes the link of {@code account} to {@code owner}.
   *
   * @return whether there was one
   * @throws IllegalArgumentException if {@code owner} is invalid or {@code account} null
   */
  public boolean unlink(String owner, AccountRef account) {
    AccountDirectory.checkOwner(owner);
    if (account == null) {
      throw new IllegalArgumentException("account unlinked from " + owner + " must not be null");
    }
    CopyOnWriteArrayList<AccountRef> accounts = links.get(owner);
    return accounts != null && accounts.remove(account);
  }

  @Override
  public List<AccountRef> accounts(String owner) {
    AccountDirectory.checkOwner(owner);
    CopyOnWriteArrayList<AccountRef> accounts = links.get(owner);
    return accounts == null ? List.of() : List.copyOf(accounts);
  }

  @Override
  public String toString() {
    return "InMemoryAccountDirectory{" + name + ", owners=" + links.size() + '}';
  }
}
