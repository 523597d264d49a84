namespace Keystone.Core.Tests;
