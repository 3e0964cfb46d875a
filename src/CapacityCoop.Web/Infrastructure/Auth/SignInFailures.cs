using System.Collections.Concurrent;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>
/// Failed sign-ins counted per account and client address, in this instance's memory. After
/// <see cref="AuthExtensions.MaxFailedSignIns"/> failures within <see cref="AuthExtensions.LockoutDuration"/> that address
/// may not try that account again until the lockout ends. A stranger who knows an admin's email address can lock out
/// only their own address, never the admin's; guessing from many addresses is held back by the per-address sign-in
/// rate limit. With several instances each counts its own failures (a client gets at most that many times as many tries).
/// </summary>
public sealed class SignInFailures(TimeProvider time)
{
    // Enough for a busy attack's worth of distinct (account, address) pairs; beyond it stale entries are swept out.
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<(string UserId, string Address), Counter> counters = new();

    public bool IsLockedOut(string userId, string address) =>
        counters.TryGetValue((userId, address), out var counter) && counter.LockedUntil > time.GetUtcNow();

    /// <summary>Counts a failure; true when it locks the address out of the account.</summary>
    public bool RecordFailure(string userId, string address)
    {
        var now = time.GetUtcNow();
        if (counters.Count > SweepAbove)
        {
            foreach (var (key, stale) in counters.Where(c => c.Value.WindowEnds <= now && c.Value.LockedUntil <= now))
            {
                counters.TryRemove(new KeyValuePair<(string, string), Counter>(key, stale));
            }
        }

        var counter = counters.AddOrUpdate(
            (userId, address),
            _ => Counter.First(now),
            (_, current) => current.WindowEnds <= now && current.LockedUntil <= now ? Counter.First(now) : current.Next(now));
        return counter.LockedUntil > now;
    }

    public void Reset(string userId, string address) => counters.TryRemove((userId, address), out _);

    /// <summary>When the last lockout of the account by any address ends, as far as this instance knows; null when none holds.</summary>
    public DateTimeOffset? LockedUntil(string userId)
    {
        var now = time.GetUtcNow();
        var until = counters.Where(c => c.Key.UserId == userId && c.Value.LockedUntil > now).Select(c => (DateTimeOffset?)c.Value.LockedUntil).Max();
        return until;
    }

    /// <summary>An admin's unlock: every address this instance holds out of the account may try again. True if any was.</summary>
    public bool ResetAccount(string userId)
    {
        var lockedOut = LockedUntil(userId) is not null;
        foreach (var key in counters.Keys.Where(k => k.UserId == userId))
        {
            counters.TryRemove(key, out _);
        }

        return lockedOut;
    }

    private sealed record Counter(int Failures, DateTimeOffset WindowEnds, DateTimeOffset LockedUntil)
    {
        public static Counter First(DateTimeOffset now) => new Counter(1, now + AuthExtensions.LockoutDuration, DateTimeOffset.MinValue).LockIfDue(now);

        public Counter Next(DateTimeOffset now) => (this with { Failures = Failures + 1 }).LockIfDue(now);

        private Counter LockIfDue(DateTimeOffset now) =>
            Failures >= AuthExtensions.MaxFailedSignIns && LockedUntil <= now ? this with { LockedUntil = now + AuthExtensions.LockoutDuration } : this;
    }
}
