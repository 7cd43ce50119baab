using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.Tokens;

/// <summary>
/// Tokens: every staff user's own personal access tokens: the list, creating one (its text shown on that answer
/// only, never stored) and revoking one. A superuser may also revoke another user's token by its address.
/// </summary>
[Route("tokens")]
public sealed class TokensController(PermissionsDbContext db, TokenAdministration tokens, TimeProvider clock) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await PageAsync(new TokenForm()));

    [HttpPost("")]
    public async Task<IActionResult> Create(TokenForm form)
    {
        var expiresAt = ExpiresAt(form);
        if (ModelState.IsValid)
        {
            try
            {
                var created = await tokens.CreateAsync(Rights.UserId, form.Name!, expiresAt);
                ModelState.Clear();
                return View("Index", await PageAsync(new TokenForm(), created.Token.Name, created.Text));
            }
            catch (AdministrationException refused)
            {
                db.ChangeTracker.Clear();
                ModelState.AddModelError(refused.Field == "name" ? nameof(TokenForm.Name) : "", refused.Message);
            }
        }
        return View("Index", await PageAsync(form));
    }

    [HttpGet("{id:int}/revoke")]
    public async Task<IActionResult> Revoke(int id)
    {
        var page = await RevokePageAsync(id);
        return page is null ? NotFoundPage(T["token"]) : View(page);
    }

    [HttpPost("{id:int}/revoke")]
    public async Task<IActionResult> RevokeConfirmed(int id)
    {
        var page = await RevokePageAsync(id);
        if (page is null) return NotFoundPage(T["token"]);
        try
        {
            await tokens.RevokeAsync(id);
            Success(T["The token “{0}” was revoked.", page.Name]);
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            Error(refused.Message);
        }
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The expiry the form asks for (UTC), or null; a bad one adds its error to the model state.</summary>
    private DateTime? ExpiresAt(TokenForm form)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        if (form is { ExpiresInDays: not null, ExpiresOn: not null })
        {
            ModelState.AddModelError(nameof(TokenForm.ExpiresOn), "Give either a number of days or a date, not both.");
            return null;
        }
        // Out of range is already a model error (the form's [Range]); adding such days would overflow the date.
        if (form.ExpiresInDays is { } days) return days is >= 1 and <= PersonalAccessToken.MaxLifetimeDays ? now.AddDays(days) : null;
        if (form.ExpiresOn is not { } date) return null;
        if (date < today)
        {
            ModelState.AddModelError(nameof(TokenForm.ExpiresOn), "The expiry date is in the past; choose today or a later day.");
            return null;
        }
        if (date > today.AddDays(PersonalAccessToken.MaxLifetimeDays))
        {
            ModelState.AddModelError(nameof(TokenForm.ExpiresOn), T["Choose a day at most {0} days away.", PersonalAccessToken.MaxLifetimeDays]);
            return null;
        }
        // The token works through the whole of its last day.
        return date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    }

    private async Task<TokenListPage> PageAsync(TokenForm form, string? createdName = null, string? createdText = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = (await tokens.ListAsync(Rights.UserId))
            .Select(t => new TokenRow(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.StateAt(now))).ToList();
        return new TokenListPage(rows, form, createdName, createdText);
    }

    /// <summary>Null when there is no such token, or it is another user's and the staff user is no superuser.</summary>
    private async Task<TokenRevokePage?> RevokePageAsync(int id)
    {
        var token = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t.Name, t.Prefix, t.UserId, t.User.UserName }).FirstOrDefaultAsync();
        if (token is null || (token.UserId != Rights.UserId && !Rights.IsSuperuser)) return null;
        return new TokenRevokePage(id, token.Name, token.Prefix, token.UserName!, token.UserId == Rights.UserId);
    }
}
