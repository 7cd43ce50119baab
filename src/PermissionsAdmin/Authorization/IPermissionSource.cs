namespace PermissionsAdmin.Authorization;

/// <summary>A source's answer: allow, deny (stops the chain, like Django's PermissionDenied), or no opinion.</summary>
public enum PermissionVote
{
    Abstain,
    Allow,
    Deny,
}

/// <summary>
/// One link of the checker's chain, like a Django authentication backend. Sources run in ascending
/// <see cref="Order"/> (the stored grants are order 0) after the superuser and inactive rules.
/// Register one with <c>services.AddPermissionSource&lt;T&gt;()</c>.
/// </summary>
public interface IPermissionSource
{
    int Order => 100;

    /// <summary>
    /// Whether an answer may be cached with the user's grants until they change. A source whose answer depends
    /// on data the library does not track must return false, or call <see cref="PermissionCache.Invalidate"/>.
    /// </summary>
    bool IsCacheable => true;

    ValueTask<PermissionVote> VoteAsync(PermissionSubject subject, string permission, CancellationToken cancellationToken);
}
