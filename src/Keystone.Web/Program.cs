using Keystone.Web.Hosting;

var app = KeystoneWebApp.Build(args);
await app.RunKeystoneAsync(args);
