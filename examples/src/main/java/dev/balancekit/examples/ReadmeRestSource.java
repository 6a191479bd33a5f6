package dev.balancekit.examples;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.source.http.JsonBalanceLayout;
import dev.balancekit.source.http.RestBalanceSource;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.source.http.VenueConfig;
import java.time.Duration;

/** The README's "REST API without an adapter" example, compiled and run by a test. */
public final class ReadmeRestSource {
  private ReadmeRestSource() {}

  /** Reads {@code account}'s BTC from the REST API at {@code baseUrl}, as the README shows. */
  public static Balance read(String baseUrl, String apiKey, AccountRef account) {
    // README:BEGIN
    BalanceManagerConfig config = BalanceManagerConfig.defaults();
    try (VenueClient venue =
            VenueClient.create(
                VenueConfig.custom()
                    .name("myexchange")
                    .managerConfig(config)
                    .rateLimit(10, Duration.ofSeconds(1))
                    .build());
        BalanceManager manager =
            BalanceManager.builder()
                .source(
                    RestBalanceSource.builder()
                        .client(venue)
                        .urlTemplate(baseUrl + "/v1/accounts/{account}/balances")
                        .header("X-Api-Key", Secret.of(apiKey)) // never logged or printed
                        .layout(
                            JsonBalanceLayout.custom()
                                .balances("/balances")
                                .assetCode("/currency")
                                .total("/total")
                                .available("/free")
                                .held("/locked")
                                .asset(Asset.of("BTC", 8))
                                .asset("XUSD", Asset.of("USD", 2))
                                .build())
                        .build())
                .cache(CaffeineBalanceCache.builder(config).build())
                .config(config)
                .build()) {
      return manager.balance(account, Asset.of("BTC", 8));
    }
    // README:END
  }
}
