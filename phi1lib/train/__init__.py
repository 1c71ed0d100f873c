"""Training: the loop, also `-m phi1lib.train.loop` under torchrun (`loop`), token windows and finetuning
examples grouped by length (`batches`), the LR schedule (`schedule`), DDP/FSDP (`distributed`),
tokens/s and MFU (`throughput`), and the runs a stage trains: shape x data setting x seed, resumable,
side by side on a CPU, and CodeTextbook's packing (`grid`).
"""
