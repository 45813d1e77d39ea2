import MnemoKernel
print("mnemo")
