using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>
/// A member of staff using the real app through HTTP with a cookie jar, as a browser without JavaScript would: signs in
/// through the login form, reads forms (with their antiforgery tokens) and posts them.
/// </summary>
public sealed class StaffSession(HttpClient client, string email)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client { get; } = client;

    public string Email { get; } = email;

    /// <summary>
    /// A client that keeps cookies and does not follow redirects (so tests see them). It sends the header that API writes
    /// with the cookie need (CookieWrites.RequestHeader), as a script on the portal's own pages would.
    /// </summary>
    public static HttpClient NewClient(PortalAppFactory app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        // Any value will do; not "XMLHttpRequest", which would make the sign-in redirects of pages a bare 401 (the cookie
        // handler's rule for AJAX), and these clients browse pages too.
        client.DefaultRequestHeaders.Add(CookieWrites.RequestHeader, "capacitycoop-tests");
        return client;
    }

    /// <summary>Creates (or resets) an account in <paramref name="role"/> and returns its one-time password.</summary>
    public static async Task<string> CreateAccountAsync(PortalAppFactory app, string email, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateOrResetAsync(email, role)).Password;
    }

    /// <summary>Creates an account in <paramref name="role"/> and signs it in through the login form.</summary>
    public static async Task<StaffSession> SignInAsync(PortalAppFactory app, string email, string role)
    {
        var password = await CreateAccountAsync(app, email, role);
        var session = new StaffSession(NewClient(app), email);
        var response = await session.SubmitAsync("/Account/Login", "main form[method='post']", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in {email} failed");
        return session;
    }

    public async Task<IHtmlDocument> GetDocumentAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"GET {url}: {Snippet(body)}");
        return Parser.ParseDocument(body);
    }

    /// <summary>
    /// Loads <paramref name="url"/>, takes the form matched by <paramref name="formSelector"/> with every value it
    /// already holds (inputs, checked boxes, selected options, text areas), overrides <paramref name="values"/> and
    /// posts it to the form's action, as a browser would. A value of null removes the field.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, string formSelector, Dictionary<string, string?> values, string? submitName = null, string? submitValue = null)
    {
        var document = await GetDocumentAsync(url);
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {url}.");
        return await PostFormAsync(url, form, values, submitName, submitValue);
    }

    /// <summary>Posts a form already read (for instance from a page returned with validation messages).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, IHtmlFormElement form, Dictionary<string, string?> values, string? submitName = null, string? submitValue = null)
    {
        var fields = FormFields(form);
        foreach (var (name, value) in values)
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        if (submitName is not null)
        {
            fields.Add(new(submitName, submitValue ?? ""));
        }

        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The name/value pairs a browser would send for <paramref name="form"/> (submit buttons left out).</summary>
    public static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Name is { Length: > 0 } name && input.Type is not ("submit" or "button" or "file" or "image" or "reset"):
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        continue;
                    }

                    fields.Add(new(name, input.Value ?? ""));
                    break;
                case IHtmlSelectElement select when select.Name is { Length: > 0 } name:
                    foreach (var option in select.Options.Where(o => o.IsSelected))
                    {
                        fields.Add(new(name, option.Value ?? ""));
                    }

                    break;
                case IHtmlTextAreaElement area when area.Name is { Length: > 0 } name:
                    fields.Add(new(name, area.Value ?? ""));
                    break;
            }
        }

        return fields;
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());

    private static string Snippet(string body) => body.Length > 2000 ? body[..2000] : body;
}
