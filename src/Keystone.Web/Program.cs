using Keystone.Web.Hosting;

var app = KeystoneWebApp.Build(args);
return await app.RunKeystoneAsync(args);
