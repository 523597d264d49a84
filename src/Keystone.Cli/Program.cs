Console.Error.WriteLine("keystone: not yet");
return 1;
